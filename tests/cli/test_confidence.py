"""`otkaz cases --min-confidence/--sort/--order` and the confidence `otkaz show` prints.

The store is filled through the library (no extraction model), with three cases
of confidence 0.2, 0.7 and none.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.link import relink
from otkaz.models import DateRange, Document, Incident, Report
from otkaz.store import open_store

runner = CliRunner()
WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}
NARROW = {"COLUMNS": "100", "NO_COLOR": "1"}  # the one-block-per-case layout

# (document id, actor, month, confidence): unrelated incidents, so three cases
CASES = [
    ("low", "Nine sappers from Pskov", 3, 0.2),
    ("high", "Forty reservists from Tomsk", 1, 0.7),
    ("none", "Two marines from Kamchatka", 5, None),
]


@pytest.fixture
def url(sqlite_url: str) -> str:
    with open_store(sqlite_url) as store:
        for doc_id, actor, month, confidence in CASES:
            text = f"{actor} refused to fight."
            when = DateRange(date(2023, month, 1), date(2023, month, 28))
            store.add(Document(doc_id, text, date(2023, month, 28)),
                      Report(doc_id, [Incident("refusal", actor, when=when,
                                               evidence=[(0, len(text))],
                                               confidence=confidence)]), "v1")
        relink(store)
        assert sorted(c.confidence or 0 for c in store.cases()) == [0, 0.2, 0.7]
    return sqlite_url


def run(*args: str, env: dict[str, str] = WIDE) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def _actors(output: str) -> list[str]:
    """The case actors in the order the list prints them."""
    found = re.findall(r"(Nine sappers|Forty reservists|Two marines)", output)
    return [a.split()[1] for a in found]


def test_min_confidence_keeps_the_cases_at_or_above_it(url: str) -> None:
    code, output = run("cases", "--min-confidence", "0.5", "--db", url)
    assert code == 0 and "1 case " in output
    assert _actors(output) == ["reservists"]
    code, output = run("cases", "--min-confidence", "0", "--db", url)
    assert _actors(output) == ["sappers", "reservists"]  # no confidence: never passes
    code, output = run("cases", "--db", url)
    assert _actors(output) == ["marines", "sappers", "reservists"]  # newest first, as before


def test_sort_by_confidence_puts_cases_without_one_last(url: str) -> None:
    code, output = run("cases", "--sort", "confidence", "--db", url)
    assert code == 0 and _actors(output) == ["reservists", "sappers", "marines"]
    code, output = run("cases", "--sort", "confidence", "--order", "asc", "--db", url)
    assert _actors(output) == ["sappers", "reservists", "marines"]
    rows = [line.split("│") for line in output.splitlines() if line.startswith("│")]
    assert [cells[-3].strip() for cells in rows] == ["0.20", "0.70", "?"]  # before status


def test_the_narrow_list_prints_the_confidence(url: str) -> None:
    code, output = run("cases", "--sort", "confidence", "--db", url, env=NARROW)
    assert code == 0
    assert "reports 1/1 · confidence 0.70" in output and "confidence ?" in output


@pytest.mark.parametrize(("args", "message"), [
    (["--min-confidence", "1.5"], "Invalid value for '--min-confidence'"),
    (["--min-confidence", "high"], "Invalid value for '--min-confidence'"),
    (["--sort", "count"], "--sort must be one of when, confidence"),
    (["--order", "up"], "--order must be one of desc, asc"),
])
def test_bad_options_are_refused(url: str, args: list[str], message: str) -> None:
    code, output = run("cases", *args, "--db", url)
    assert code == 2 and message in output


def test_show_prints_the_case_and_mention_confidence(url: str) -> None:
    with open_store(url) as store:
        [high] = store.cases(min_confidence=0.5)
    code, output = run("show", str(high.id), "--db", url)
    assert code == 0
    assert "1 mention, 1 independent origin, confidence 0.70, status: machine" in output
    assert "  confidence 0.70\n" in output  # the mention's
    code, output = run("show", str(high.id), "--json", "--db", url)
    assert json.loads(output)["confidence"] == 0.7
