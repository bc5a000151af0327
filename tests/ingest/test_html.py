from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from otkaz.errors import SourceError
from otkaz.ingest import html_to_document, read_file
from otkaz.ingest.html import fragment_to_text, join_title

TITLE = "Marines from Zarechny refuse to return to the front"


def test_html_file_gives_title_first_main_text_date_and_outlet(
    tmp_path: Path, samples: SimpleNamespace
) -> None:
    path = tmp_path / "zarechny.html"
    path.write_text(samples.page, encoding="utf-8")
    doc = read_file(path, published=date(2020, 1, 1))
    assert doc.id == str(path)
    assert doc.title == TITLE
    assert doc.published == date(2023, 9, 2)  # the page's own date beats the fallback
    assert doc.outlet == "The Harbour Ledger"
    lines = doc.text.split("\n")
    assert lines[0] == TITLE
    assert lines.count(TITLE) == 1  # the <h1> is not repeated under the title
    assert "Thirty-two marines of a brigade based in Zarechny refused" in doc.text
    assert "Marta Kolesnik" in doc.text
    for boilerplate in ("Home", "Sport", "Copyright"):
        assert boilerplate not in doc.text


def test_url_and_doc_id(samples: SimpleNamespace) -> None:
    doc = html_to_document(samples.page, url="https://ledger.example/a/1")
    assert doc.id == doc.url == "https://ledger.example/a/1"
    other = html_to_document(samples.page, url="https://ledger.example/a/1", doc_id="custom")
    assert other.id == "custom"


def test_page_without_date_uses_fallback_and_ignores_dates_in_the_body() -> None:
    page = ("<html><head><title>Paratroopers leave their posts</title></head><body><article>"
            "<p>Paratroopers from Ostrov left their posts on 3 March 2022 and returned home, "
            "their relatives said. Officers later tried to bring them back.</p>"
            "</article></body></html>")
    assert html_to_document(page).published is None
    assert html_to_document(page, published=date(2022, 4, 1)).published == date(2022, 4, 1)


def test_bytes_with_meta_charset_cp1251() -> None:
    page = ('<html><head><meta charset="windows-1251"><title>Отказ</title></head><body>'
            "<article><p>Двенадцать солдат из Заречного отказались возвращаться на позиции. "
            "Об этом сообщили их родственники.</p></article></body></html>")
    doc = html_to_document(page.encode("cp1251"))
    assert doc.title == "Отказ"
    assert "Двенадцать солдат из Заречного отказались" in doc.text


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # truncated mid-tag: the text that is there is recovered
        ("<html><head><title>Sailors refuse</title></head><body><article>"
         "<p>Sailors of a patrol ship in Baltiysk refused to sail on Monday, a crew member "
         "said.<p>Their captain reported the refusal to the fleet comm",
         "Sailors refuse\nSailors of a patrol ship in Baltiysk refused to sail on Monday, a crew "
         "member said.\nTheir captain reported the refusal to the fleet comm"),
        # unclosed tags everywhere
        ("<div><p>Nine guardsmen from Kaluga refused to cross the border<div><p>They were "
         "dismissed a week later",
         "Nine guardsmen from Kaluga refused to cross the border\n"
         "They were dismissed a week later"),
    ],
)
def test_broken_html_recovers_the_text_that_is_there(page: str, expected: str) -> None:
    assert html_to_document(page, doc_id="broken.html").text == expected


@pytest.mark.parametrize(
    "page",
    [
        "<<<%%%>>> <<//>>",
        "<html><body><script>var soldiers = 12;</script><style>p{}</style></body></html>",
        "<html><body><div></div><span>   </span></body></html>",
    ],
)
def test_html_without_text_is_an_error(page: str) -> None:
    with pytest.raises(SourceError) as caught:
        html_to_document(page, doc_id="garbage.html")
    assert caught.value.code == "E107"
    assert str(caught.value) == "[E107] garbage.html: no article text found in HTML"


def test_empty_html_is_an_empty_file() -> None:
    with pytest.raises(SourceError, match="empty file") as caught:
        html_to_document("  \n ", doc_id="blank.html")
    assert caught.value.code == "E102"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One <b>two</b>.</p><p>Three.</p>", "One two.\nThree."),
        ("<ul><li>a</li><li>b</li></ul>tail", "a\nb\ntail"),
        ("Line one<br>Line&nbsp;two<script>x()</script>", "Line one\nLine two"),
        ("plain text\n\n  second line ", "plain text\nsecond line"),
        ("<p>A <!-- note --> B</p>", "A B"),
        ("", ""),
    ],
)
def test_fragment_to_text(fragment: str, text: str) -> None:
    assert fragment_to_text(fragment) == text


@pytest.mark.parametrize(
    ("title", "body", "text"),
    [
        ("Title", "Body.", "Title\nBody."),
        ("Title", "title\nBody.", "title\nBody."),
        ("  Spaced   title ", "Body.", "Spaced title\nBody."),
        (None, "  Body.\n", "Body."),
    ],
)
def test_join_title(title: str | None, body: str, text: str) -> None:
    assert join_title(title, body) == text


@pytest.mark.parametrize(
    ("site_meta", "fallback", "outlet"),
    [
        ('<meta property="og:site_name" content="Steppe Monitor">', None, "Steppe Monitor"),
        ('<meta property="og:site_name" content="Steppe Monitor">', "Feed Title", "Steppe Monitor"),
        ("", "Feed Title", "Feed Title"),
        ('<meta property="og:site_name" content="steppe.example">', "Feed Title", "Feed Title"),
        ('<meta property="og:site_name" content="steppe.example">', None, "steppe.example"),
    ],
)
def test_outlet_fallback(site_meta: str, fallback: str | None, outlet: str) -> None:
    page = (f"<html><head><title>Deserters caught</title>{site_meta}</head><body><article>"
            "<p>Military police caught four deserters near Belogorsk on Saturday.</p>"
            "</article></body></html>")
    doc = html_to_document(page, url="https://steppe.example/x", outlet=fallback)
    assert doc.outlet == outlet
