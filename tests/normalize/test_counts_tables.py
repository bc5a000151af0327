"""The phrase tables of the count reader: the first-word index finds what a plain scan finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from otkaz.normalize import counts
from otkaz.normalize.counts import find_counts

TABLES = [(counts._VAGUE, counts._VAGUE_LENGTHS), (counts._MODIFIERS, counts._MODIFIER_LENGTHS)]
WORDS = sorted({w for table, _ in TABLES for key in table for w in key} | {"men", "12", "of"})


def _longest(toks: tuple[counts._Tok, ...], i: int, table: dict) -> tuple | None:  # type: ignore[type-arg]
    """The reference: try every length from the longest phrase down."""
    for n in range(max(map(len, table)), 0, -1):
        key = tuple(t.low for t in toks[i:i + n])
        if len(key) == n and key in table:
            return key, i + n
    return None


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_index_matches_the_plain_scan(words: list[str]) -> None:
    toks = counts._tokens(" ".join(words))
    for table, lengths in TABLES:
        for i in range(len(toks)):
            assert counts._match_table(toks, i, table, lengths) == _longest(toks, i, table)


def test_repeated_texts_give_equal_fresh_lists() -> None:
    text = "About a dozen of them, more than 100 men in all, refused."
    first = find_counts(text)
    first.append((0, 0, first[0][2]))  # a caller may change its list...
    again = find_counts(text)
    assert again == first[:-1] and again is not first  # ...without changing the next answer
    assert [text[a:b] for a, b, _ in again] == ["About a dozen", "more than 100"]
