"""Totals: people counted once per case, unknown counts reported beside the sums."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from otkaz.link import MentionRef, merge_case, stats

Ref = Callable[..., MentionRef]


@pytest.fixture
def cases(ref: Ref) -> list[dict]:
    pskov = [ref(d, count=(60, 60), home="Pskov", when="2022-03-01", start=i)
             for i, d in enumerate(("a", "b", "c"))]  # one case, three mentions
    omsk = [ref("d", force="rosgvardia", count=(12, 12), home="Omsk", when="2022-03-15")]
    tomsk = [ref("e", count=(25, None), home="Tomsk", when="2022-11-14")]
    vague = [ref("f", count=None, home="Pskov region", when="2022-03-20"),
             ref("g", count=None, home="Pskov", when="2022-03-21", start=9)]
    undated = [ref("h", count=(None, 5), force=None)]
    return [merge_case(ms) for ms in (pskov, omsk, tomsk, vague, undated)]


def test_each_case_counts_once_and_unknown_counts_stand_apart(cases: list[dict]) -> None:
    total = stats(cases, by="month")["total"]
    # 60 (three mentions, once) + 12 + 25.. + up to 5 (low 1)
    assert total == {"cases": 4, "low": 60 + 12 + 25 + 1, "high": 60 + 12 + 25 + 5,
                     "open_ended": 1, "unknown_count": 1}


@pytest.mark.parametrize(("by", "rows"), [
    ("month", [("2022-03", 2, 72, 72, 1), ("2022-11", 1, 25, 25, 0), ("unknown", 1, 1, 5, 0)]),
    ("force", [("army", 2, 85, 85, 1), ("rosgvardia", 1, 12, 12, 0), ("unknown", 1, 1, 5, 0)]),
    ("region", [("Omsk Oblast", 1, 12, 12, 0), ("Pskov Oblast", 1, 60, 60, 1),
                ("Tomsk Oblast", 1, 25, 25, 0), ("unknown", 1, 1, 5, 0)]),
])
def test_groups(cases: list[dict], by: str, rows: list[tuple]) -> None:
    result = stats(cases, by=by)
    got = [(r[by], r["cases"], r["low"], r["high"], r["unknown_count"]) for r in result["rows"]]
    assert got == rows


def test_unknown_group_is_refused(cases: list[dict]) -> None:
    with pytest.raises(ValueError, match="month, force, region"):
        stats(cases, by="outlet")
