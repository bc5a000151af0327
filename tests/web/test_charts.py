"""The server-drawn SVG charts: axes, one bar per month, the band, escaped labels."""

from __future__ import annotations

import re
from datetime import date

import pytest

from otkaz.web.charts import FigurePoint, MonthStat, all_months, axis, figures_svg, timeline_svg


@pytest.mark.parametrize(("largest", "expected"), [
    (0, (1, 1)), (1, (1, 1)), (7, (8, 2)), (30, (30, 10)), (31, (40, 10)), (5000, (5000, 1000)),
    (12345, (15000, 5000)),
])
def test_axis(largest: int, expected: tuple[int, int]) -> None:
    assert axis(largest) == expected


def test_all_months_crosses_years() -> None:
    assert all_months("2022-11", "2023-02") == ["2022-11", "2022-12", "2023-01", "2023-02"]


def test_timeline_fills_missing_months_and_draws_a_band() -> None:
    svg = str(timeline_svg([MonthStat("2022-02", 2, 11, 12), MonthStat("2022-05", 1, 5, 5)]))
    bars = re.findall(r'<rect class="bar" data-month="([\d-]+)" data-cases="(\d+)"', svg)
    assert bars == [("2022-02", "2"), ("2022-03", "0"), ("2022-04", "0"), ("2022-05", "1")]
    band = re.search(r'<polygon class="band" points="([^"]+)"', svg)
    assert band is not None and len(band.group(1).split()) == 8  # 4 upper + 4 lower points


def test_timeline_without_data() -> None:
    assert "No dated cases" in str(timeline_svg([]))


def test_figures_escape_labels_and_group_by_measure() -> None:
    svg = str(figures_svg({
        "awol_cases": [FigurePoint(date(2023, 12, 31), 5000, 5000, "<b>5000</b>"),
                       FigurePoint(date(2024, 6, 30), 4200, 4600, "4200")],
        "convictions": [FigurePoint(date(2024, 1, 1), None, 300, "up to 300")]}))
    assert re.findall(r'data-measure="(\w+)"', svg) == ["awol_cases", "convictions"]
    assert svg.count('<circle class="point"') == 3
    assert svg.count('<line class="range"') == 1  # only 4200..4600 is a range
    assert "&lt;b&gt;5000&lt;/b&gt;" in svg and "<b>" not in svg
