"""Fixtures for the extraction tests: the pipeline loads once per process (cached).

    def test_x(run, only): assert only(run("Twelve marines refused to attack.")).count

`run` gives what the rules find, before the learned verifier keeps or drops each item:
these tests pin the rules; tests/extract/test_verify*.py pin the verifier.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from otkaz.extract import extract_documents
from otkaz.models import Document, Figure, Incident, Report

PUBLISHED = date(2023, 6, 15)  # a Thursday


def _run(text: str, published: date | None = PUBLISHED) -> Report:
    report = next(extract_documents([Document("t", text, published)], verify=False))
    for item in [*report.incidents, *report.figures]:
        for start, end in [*item.evidence, *item.spans.values()]:
            assert 0 <= start < end <= len(text), (start, end)
            assert text[start:end].strip()
    return report


def _only(report: Report) -> Incident:
    assert len(report.incidents) == 1, [i.actor for i in report.incidents]
    return report.incidents[0]


def _only_figure(report: Report) -> Figure:
    assert len(report.figures) == 1, [(f.measure, f.value) for f in report.figures]
    return report.figures[0]


@pytest.fixture(scope="session")
def run() -> Callable[..., Report]:
    """Extract one text (published on PUBLISHED unless given), checking grounding."""
    return _run


@pytest.fixture(scope="session")
def only() -> Callable[[Report], Incident]:
    """The one incident of a report (fails when there are none or several)."""
    return _only


@pytest.fixture(scope="session")
def only_figure() -> Callable[[Report], Figure]:
    """The one figure of a report."""
    return _only_figure
