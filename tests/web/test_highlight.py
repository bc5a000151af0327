"""Highlighting from offsets: escaped pieces, marks where the offsets say, bad spans dropped."""

from __future__ import annotations

import pytest

from otkaz.web.highlight import EVIDENCE, Mark, evidence_windows, highlight, mention_marks


@pytest.mark.parametrize(("text", "marks", "window", "expected"), [
    ("60 soldiers refused.", [Mark(0, 2, "count")], None,
     '<mark data-field="count" data-label="count">60</mark> soldiers refused.'),
    ("a <b>b</b>", [], None, "a &lt;b&gt;b&lt;/b&gt;"),
    ("x <script>y</script>", [Mark(2, 10, "actor")], None,
     'x <mark data-field="actor" data-label="actor">&lt;script&gt;</mark>y&lt;/script&gt;'),
    ("abcdef", [Mark(1, 3, EVIDENCE, 7)], None,
     'a<span class="evidence" data-mention="7">bc</span>def'),
    # a window: only those characters, marks clipped to it
    ("0123456789", [Mark(2, 6, "count")], (4, 8),
     '<mark data-field="count" data-label="count">45</mark>67'),
    # out-of-range, inside-out and empty spans are dropped
    ("abc", [Mark(5, 9, "x"), Mark(2, 1, "y"), Mark(1, 1, "z")], None, "abc"),
    ("abc", [Mark(-3, 2, "count")], None, '<mark data-field="count" data-label="count">ab</mark>c'),
    # the label goes on the piece that ends the mark
    ("abcd", [Mark(0, 4, "actor"), Mark(1, 2, "count")], None,
     '<mark data-field="actor">a</mark><mark data-field="actor"><mark data-field="count" '
     'data-label="count">b</mark></mark><mark data-field="actor" data-label="actor">cd</mark>'),
    # a hostile field name is escaped too
    ("ab", [Mark(0, 1, '"><img>')], None,
     '<mark data-field="&#34;&gt;&lt;img&gt;" data-label="&#34;&gt;&lt;img&gt;">a</mark>b'),
])
def test_highlight(text: str, marks: list[Mark], window: tuple[int, int] | None,
                   expected: str) -> None:
    assert str(highlight(text, marks, window)) == expected


@pytest.mark.parametrize("marks", [
    [Mark(0, 5, "a"), Mark(3, 9, "b")],  # crossing
    [Mark(0, 9, EVIDENCE, 1), Mark(2, 4, "count", 1), Mark(2, 4, "count", 1)],  # duplicate
    [Mark(i, i + 3, f"f{i}") for i in range(7)],  # many overlapping
])
def test_text_survives_any_marks(marks: list[Mark]) -> None:
    """Whatever the marks, removing the tags gives back the escaped text, in order."""
    import re

    text = "<p>&ok\u00e9</p>"
    html = str(highlight(text, marks))
    assert re.sub(r"<[^>]+>", "", html) == "&lt;p&gt;&amp;ok\u00e9&lt;/p&gt;"


def test_empty_window() -> None:
    assert str(highlight("abc", [Mark(0, 3, "x")], (2, 2))) == ""


def test_mention_marks_skip_malformed_spans() -> None:
    marks = mention_marks(4, [[0, 10], "bad", [3]], {"count": [0, 2], "place": "x",
                                                    "home": [1, None]})
    assert marks == [Mark(0, 10, EVIDENCE, 4), Mark(0, 2, "count", 4)]


def test_evidence_windows_clip_and_sort() -> None:
    assert evidence_windows([[8, 30], [0, 4], [0, 4], [50, 60]], 20) == [(0, 4), (8, 20)]
