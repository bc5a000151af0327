"""Figures and groups told of Ukraine's side are not this tool's, unless the sentence names
Russia's side too."""

from __future__ import annotations

import pytest

TITLE = "Desertion on both sides\n"


@pytest.mark.parametrize("text", [
    "In Ukraine, more than 100,000 criminal cases for desertion have been opened since 2022.",
    "According to the Prosecutor General's Office of Ukraine, 18,000 soldiers went AWOL in "
    "the first four months of 2024.",
    "Ukraine's prosecutors have registered 9,000 cases of desertion this year.",
])
def test_told_of_ukraine_gives_nothing(run, text):
    report = run(TITLE + text)
    assert (report.incidents, report.figures) == ([], [])


@pytest.mark.parametrize("text,value", [
    ("In Ukraine's Kherson region, Russian courts convicted 200 soldiers of desertion.", 200),
    ("Ukraine's military intelligence said 18,000 soldiers of the Southern Military District "
     "had deserted.", 18000),
])
def test_russias_side_named_keeps_the_figure(run, only_figure, text, value):
    assert only_figure(run(TITLE + text)).value.low == value
