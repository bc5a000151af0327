"""The server-drawn SVG charts: axes, one bar per month, the band, escaped labels."""

from __future__ import annotations

import re
from datetime import date

import pytest

from otkaz.web.charts import (
    NO_PERIOD,
    FigurePoint,
    MonthStat,
    SeriesKey,
    all_months,
    axis,
    figures_svg,
    period_kind,
    timeline_svg,
)


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


def test_figures_escape_labels_and_group_by_measure_and_period() -> None:
    svg = str(figures_svg({
        SeriesKey("awol_cases", "year"): [
            FigurePoint(date(2023, 12, 31), 5000, 5000, "<b>5000</b>"),
            FigurePoint(date(2024, 12, 31), 4200, 4600, "4200")],
        SeriesKey("convictions", "year"): [FigurePoint(date(2024, 1, 1), None, 300, "up to 300")]}))
    assert re.findall(r'data-measure="(\w+)" data-period="year"', svg) == \
        ["awol_cases", "convictions"]
    assert svg.count('<circle class="point"') == 3
    assert svg.count('<line class="range"') == 1  # only 4200..4600 is a range
    assert "&lt;b&gt;5000&lt;/b&gt;" in svg and "<b>" not in svg


@pytest.mark.parametrize(("start", "end", "kind"), [
    (date(2024, 3, 5), date(2024, 3, 5), "day"),
    (date(2024, 3, 4), date(2024, 3, 10), "week"),
    (date(2024, 2, 1), date(2024, 2, 29), "month"),
    (date(2023, 10, 1), date(2023, 10, 31), "month"),
    (date(2024, 1, 1), date(2024, 3, 31), "quarter"),
    (date(2024, 1, 1), date(2024, 6, 30), "half year"),
    (date(2023, 1, 1), date(2023, 12, 31), "year"),
    (date(2024, 1, 1), date(2024, 12, 31), "year"),  # a leap year
    (date(2022, 2, 24), date(2024, 1, 15), "from 2022-02-24"),  # a total since the war began
    (date(2024, 3, 1), date(2024, 3, 10), "10 days"),  # "early March"
    (date(2024, 6, 1), date(2024, 7, 31), "61 days"),
    (None, None, NO_PERIOD),
])
def test_period_kind(start: date | None, end: date | None, kind: str) -> None:
    assert period_kind(start, end) == kind


def _series_in(svg: str) -> list[tuple[str, str, int, int]]:
    """(measure, period, points, points on its line) of each series group in the SVG."""
    found = []
    for group in re.findall(r'<g class="series".*?</g>', svg):
        measure, period = re.search(r'data-measure="([^"]+)" data-period="([^"]+)"',
                                    group).groups()
        line = re.search(r'<polyline class="trend" fill="none" points="([^"]+)"', group)
        found.append((measure, period, group.count("<circle"),
                      len(line.group(1).split()) if line else 0))
    return found


def test_figures_of_different_periods_are_never_joined() -> None:
    """34 a day, 700 a month and 7,400 since 2022 are three series, each its own panel."""
    points = [("refusers", date(2024, 5, 1), date(2024, 5, 1), 34),
              ("refusers", date(2024, 5, 2), date(2024, 5, 2), 30),
              ("refusers", date(2024, 4, 1), date(2024, 4, 30), 700),
              ("refusers", date(2024, 5, 1), date(2024, 5, 31), 650),
              ("refusers", date(2022, 2, 24), date(2024, 5, 31), 7400),
              ("refusers", date(2022, 2, 24), date(2024, 8, 31), 9000),
              ("awol_cases", date(2024, 4, 1), date(2024, 4, 30), 690)]
    series: dict[SeriesKey, list[FigurePoint]] = {}
    for measure, start, end, value in points:
        series.setdefault(SeriesKey(measure, period_kind(start, end)), []).append(
            FigurePoint(end, value, value, str(value)))
    assert sorted(series) == [SeriesKey("awol_cases", "month"),
                              SeriesKey("refusers", "day"),
                              SeriesKey("refusers", "from 2022-02-24"),
                              SeriesKey("refusers", "month")]
    svg = str(figures_svg(series))
    assert sorted(_series_in(svg)) == [("awol_cases", "month", 1, 0),
                                       ("refusers", "day", 2, 2),
                                       ("refusers", "from 2022-02-24", 2, 2),
                                       ("refusers", "month", 2, 2)]
    panels = re.findall(r'<figure class="chart-box" data-period="([^"]+)">', svg)
    assert panels == ["day", "month", "from 2022-02-24"]  # shortest periods first
    assert svg.count("<svg") == 3  # each panel its own value axis


def test_figures_without_a_period_are_points_not_a_line() -> None:
    svg = str(figures_svg({SeriesKey("refusers", NO_PERIOD): [
        FigurePoint(date(2024, 1, 1), 10, 10, "10"), FigurePoint(date(2024, 2, 1), 20, 20, "20")]}))
    assert _series_in(svg) == [("refusers", NO_PERIOD, 2, 0)]
