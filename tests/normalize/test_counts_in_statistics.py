"""Counts as court statistics are written: a list of numbers, "exceeded N", articles."""

from __future__ import annotations

import pytest

from otkaz.models import Range
from otkaz.normalize.counts import find_counts

R = Range


@pytest.mark.parametrize(("text", "expected"), [
    # a thousands separator followed by a comma of the sentence
    ("in 2022 there were nearly 1,000, and in 2023 over 2,000",
     [("nearly 1,000", R(1000, 1000)), ("over 2,000", R(2000, None))]),
    ("courts heard 12,400, prosecutors 9,100", [("12,400", R(12400, 12400)),
                                               ("9,100", R(9100, 9100))]),
    # "exceeded N": more than N
    ("the number of sentences exceeded 3,000", [("exceeded 3,000", R(3000, None))]),
    ("their number has surpassed 500", [("surpassed 500", R(500, None))]),
    # one article, then counts under the next ones
    ("640 cases under Article 337, 45 under Article 332 and 28 under Article 338",
     [("640", R(640, 640)), ("45", R(45, 45)), ("28", R(28, 28))]),
    # lists of article numbers are not counts
    ("cases under Articles 337, 338 and 332: 410", [("410", R(410, 410))]),
    ("charged under Article 337 or 338, 15 men", [("15", R(15, 15))]),
])
def test_counts_in_statistics(text, expected):
    assert [(text[s:e], r) for s, e, r in find_counts(text)] == expected
