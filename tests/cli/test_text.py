"""How the CLI words counts and interruptions (otkaz.cli_text)."""

from __future__ import annotations

import pytest

from otkaz.cli_text import (
    interrupted_extract,
    interrupted_ingest,
    noun,
    plural,
    shown_of,
    value_name,
)


@pytest.mark.parametrize(("n", "singular", "expected"), [
    (0, "case", "0 cases"), (1, "case", "1 case"), (2, "case", "2 cases"),
    (1, "document", "1 document"), (12, "document", "12 documents"),
    (1, "person", "1 person"), (3, "person", "3 people"), (2, "entry", "2 entries"),
    (1, "API token", "1 API token"), (5, "API token", "5 API tokens"),
    (1, "independent origin", "1 independent origin"),
])
def test_plural(n: int, singular: str, expected: str) -> None:
    assert plural(n, singular) == expected
    assert noun(n, singular) == expected.split(" ", 1)[1]


@pytest.mark.parametrize(("shown", "total", "expected"), [
    (3, 7, "3 of 7 cases"), (1, 2, "1 of 2 cases"), (7, 7, "7 cases"), (1, 1, "1 case"),
    (0, 0, "0 cases"), (0, 5, "0 of 5 cases"),
])
def test_shown_of(shown: int, total: int, expected: str) -> None:
    assert shown_of(shown, total, "case") == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((12, 3, 31), "Interrupted: 12 documents stored, 3 cases; 31 mentions wait to be linked; "
                  "run again to continue (what is stored is skipped)"),
    ((1, 1, 1), "Interrupted: 1 document stored, 1 case; 1 mention waits to be linked; "
                "run again to continue (what is stored is skipped)"),
    ((0, 0, 0), "Interrupted: 0 documents stored, 0 cases; run again to continue (what is "
                "stored is skipped)"),
    ((4, None, None), "Interrupted: 4 documents stored; run again to continue (what is stored "
                      "is skipped)"),
])
def test_interrupted_ingest(args: tuple[int, int | None, int | None], expected: str) -> None:
    assert interrupted_ingest(*args) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((64, 70, 64, "out.jsonl", False), "Interrupted: 64 of 70 documents extracted, "
                                       "64 reports written to out.jsonl; run again to "
                                       "extract them all"),
    ((1, 1, 1, "-", False), "Interrupted: 1 of 1 document extracted, 1 report written to "
                            "stdout; run again to extract them all"),
    ((64, 70, 0, "out.jsonl", True), "Interrupted: 64 of 70 documents extracted; no reports "
                                     "written (--link writes them once all are read); run "
                                     "again to extract them all"),
])
def test_interrupted_extract(args: tuple[int, int, int, str, bool], expected: str) -> None:
    assert interrupted_extract(*args[:4], linking=args[4]) == expected


@pytest.mark.parametrize(("name", "type_name", "expected"), [
    ("since", "str", "DATE"), ("db", "str", "URL"), ("limit", "int", "N"),
    ("min_confidence", "float", "NUMBER"), ("target", "Path", "PATH"),
    ("anything", "str", "TEXT"), ("other", "complex", "VALUE"),
])
def test_value_name(name: str, type_name: str, expected: str) -> None:
    assert value_name(name, type_name) == expected
