"""Counts read as English ("1 case", "2 cases"), and `otkaz cases --limit` says of how many
("3 of 7 cases"); a guessed encoding is a one-line warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


@pytest.fixture
def seven(sqlite_url: str) -> str:
    """A store of seven cases: four refusals, three desertions."""
    with open_store(sqlite_url) as store:
        for i in range(7):
            store.upsert_case(f"case-{i}", {}, {
                "type": "refusal" if i < 4 else "desertion", "force": "army",
                "count_low": i + 1, "count_high": i + 1,
                "when_start": date(2023, 1, i + 1), "when_end": date(2023, 1, i + 1)})
    return sqlite_url


@pytest.mark.parametrize(("args", "heading"), [
    (["--limit", "3"], "3 of 7 cases"),
    (["--limit", "7"], "7 cases"),
    (["--limit", "100"], "7 cases"),
    (["--limit", "1", "--type", "desertion"], "1 of 3 cases"),
    (["--limit", "2", "--since", "2023-01-06"], "2 cases"),
    (["--limit", "1", "--since", "2023-01-07"], "1 case"),
    (["--type", "desertion", "--force", "navy"], "0 cases"),
])
def test_cases_says_of_how_many(seven: str, args: list[str], heading: str) -> None:
    code, output = run("cases", *args, "--db", seven)
    assert code == 0, output
    first = next(line.strip() for line in output.splitlines() if line.strip())
    assert first == heading


@pytest.mark.parametrize("width", ["80", "200"])
def test_both_layouts_carry_the_heading(seven: str, width: str) -> None:
    result = CliRunner().invoke(app, ["cases", "--limit", "2", "--db", seven],
                                env={"COLUMNS": width, "NO_COLOR": "1"})
    assert "2 of 7 cases" in result.output


def test_count_cases_matches_the_list(seven: str) -> None:
    with open_store(seven) as store:
        for filters in ({}, {"type": "refusal"}, {"since": date(2023, 1, 3)},
                        {"statuses": ("rejected",)}, {"min_confidence": 0.1}):
            assert store.count_cases(**filters) == len(store.cases(limit=None, **filters))


def test_status_words_its_counts(seven: str) -> None:
    code, output = run("status", "--db", seven)
    assert code == 0 and "0 documents, 0 mentions, 0 figures, 7 cases" in output


def test_a_guessed_encoding_is_one_warning_line(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_bytes("Солдаты отказались воевать.\n".encode("koi8-r"))
    result = CliRunner().invoke(app, ["ingest", str(short), "--db",
                                      f"sqlite:///{tmp_path / 'o.db'}"], env=ENV)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert f"warning: {short}: encoding guessed as" in warnings[0]
    assert "from only 24 non-ASCII bytes" in warnings[0]
    assert "1 document read, 1 stored" in result.stdout
