"""Language per document: Russian, Ukrainian and English told apart; other languages noticed."""

from __future__ import annotations

import pytest

from otkaz.extract import extract_documents
from otkaz.lang.detect import detect_language, not_read_notice
from otkaz.models import Document, Report

CASES = [
    ("Трое контрактников из Омска отказались возвращаться на фронт, сообщил их адвокат.", "ru"),
    ("Троє контрактників з Омська відмовилися повертатися на фронт, повідомив їхній адвокат.",
     "uk"),
    ("Three contract soldiers from Omsk refused to return to the front, their lawyer said.",
     "en"),
    ("Drei Vertragssoldaten aus Omsk weigerten sich, an die Front zurückzukehren.", "de"),
    ("", "en"),
]


@pytest.mark.parametrize(("text", "lang"), CASES)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_ukrainian_document_gives_a_notice_and_nothing_else() -> None:
    doc = Document("u1", CASES[1][0])
    (report,) = extract_documents([doc], verify=False)
    assert report.incidents == [] and report.figures == []
    assert report.notices == [not_read_notice("uk")] == ["document in Ukrainian (uk) was not read"]
    assert report.to_dict()["notices"] == report.notices


def test_declared_language_wins_and_notices_stay_out_of_plain_reports() -> None:
    doc = Document("d1", CASES[2][0], lang="de")
    (report,) = extract_documents([doc], verify=False)
    assert report.notices == ["document in German (de) was not read"]
    assert "notices" not in Report("x").to_dict()
    assert Report.from_dict(report.to_dict()).notices == report.notices
