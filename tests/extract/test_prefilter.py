"""The lexical prefilter: which paragraphs are parsed."""

from __future__ import annotations

import pytest

from otkaz.extract.prefilter import candidate_blocks, is_candidate, paragraphs

CANDIDATES = [
    "Two reservists failed to return from their leave.",
    "Twelve soldiers refused to fight.",
    "A refusenik was fired.",
    "He deserted in May.",
    "The marine went AWOL.",
    "Courts heard cases under Article 337.",
    "They left their unit without permission.",
    "The soldiers walked away from the training ground.",
    "The mobilised men returned home on their own.",
    "Several officers resigned rather than go to the front.",
    "The group has helped 300 people to leave the army.",
    "Military courts heard 5,000 cases of unauthorised leave last year.",
    "Since 2022, the project has helped 2,000 soldiers leave the army.",
]
NOT_CANDIDATES = [
    "The weather in Moscow was mild.",
    "She returned home after the concert.",  # a weak trigger with no military word
    "Python functions return None by default.",
    "He would rather than walk take the bus.",
]


@pytest.mark.parametrize("text", CANDIDATES)
def test_candidate(text):
    assert is_candidate(text)


@pytest.mark.parametrize("text", NOT_CANDIDATES)
def test_not_candidate(text):
    assert not is_candidate(text)


def test_paragraphs_are_trimmed_lines():
    text = "Title\n\n  First line. \nSecond line.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["Title", "First line.", "Second line."]


def test_blocks_hold_neighbours_and_skip_the_title():
    paras = ["Soldiers refuse", "Lead.", "Filler one.", "Filler two.", "Filler three.",
             "Filler four.", "Filler five.", "Ten marines refused to attack.", "After."]
    text = "\n".join(paras)
    blocks = [text[s:e] for s, e in candidate_blocks(text, window=1, lead=1)]
    assert blocks == ["Lead.", "Filler five.\nTen marines refused to attack.\nAfter."]


def test_no_candidate_no_block():
    assert candidate_blocks("Title\nNothing here.\nStill nothing.") == []


def test_single_paragraph_is_kept():
    text = "Ten marines refused to attack."
    assert candidate_blocks(text) == [(0, len(text))]


def test_a_first_line_with_a_full_stop_is_not_a_title():
    text = "Ten marines refused to attack.\nThe weather was fine."
    assert candidate_blocks(text)[0][0] == 0


def test_long_runs_are_cut_into_blocks():
    from otkaz.extract.prefilter import MAX_BLOCK

    para = "Ten marines refused to attack near the town, the site said. " * 40
    text = "Title\n" + "\n".join([para] * 30)
    blocks = candidate_blocks(text)
    assert len(blocks) > 1
    assert all(e - s <= MAX_BLOCK for s, e in blocks)
    assert blocks[0][0] == len("Title\n") and blocks[-1][1] == len(text.rstrip())
