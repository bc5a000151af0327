"""The document page: long texts read a page at a time, no server path in its JSON twin,
and highlights of whole words (the extractor's spans end on word boundaries)."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest

from otkaz.extract import PIPELINE_VERSION, extract
from otkaz.models import Document, Incident, Report
from otkaz.store import open_store
from otkaz.web.views import DOCUMENT_PAGE_CHARS, text_pages

pytestmark = pytest.mark.anyio

FILLER = ("The regional press office did not answer questions about the rotation, and "
          "the district court published no ruling on the matter that week.\n")


def _long_text() -> tuple[str, int]:
    """About three pages of filler, then the report; where the report starts."""
    head = "Garrison digest\n" + FILLER * (2 * DOCUMENT_PAGE_CHARS // len(FILLER) + 40)
    return head + "Nine sappers from Chita refused to cross the river.\n" + FILLER * 5, len(head)


def test_pages_cover_the_text_in_order_and_cut_at_line_breaks() -> None:
    text, _ = _long_text()
    pages = text_pages(text)
    assert pages[0][0] == 0 and pages[-1][1] == len(text) and len(pages) == 3
    assert all(a[1] == b[0] for a, b in zip(pages, pages[1:], strict=False))
    assert all(text[end - 1] == "\n" for _, end in pages)
    assert all(end - start <= DOCUMENT_PAGE_CHARS for start, end in pages)
    assert text_pages("x" * 25, size=10) == [(0, 10), (10, 20), (20, 25)]  # one long word
    assert text_pages("") == [(0, 0)]


async def test_a_long_document_is_paged(tmp_path: object, web: SimpleNamespace) -> None:
    text, at = _long_text()
    url = f"sqlite:///{tmp_path}/long.db"
    said = "Nine sappers from Chita refused"
    with open_store(url) as store:
        store.add(Document("/srv/otkaz/private/digest.txt", text, date(2023, 4, 1)),
                  Report("d", [Incident("refusal", "Nine sappers", evidence=[(at, at + 51)],
                                        spans={"type": (at + 25, at + 32)})]), "test-1")
        doc_id = store.documents()[0].id
    async with web.app_client(url) as client:
        first = (await client.get(f"/documents/{doc_id}")).text
        assert "page 1 of 3" in first and said not in first and 'rel="next"' in first
        assert f'href="/documents/{doc_id}?page=3#m' in first  # the mention says its page
        last = (await client.get(f"/documents/{doc_id}?page=3")).text
        assert said in re.sub(r"<[^>]+>", "", last) and 'rel="prev"' in last
        assert '<mark data-field="type"' in last
        assert (await client.get(f"/documents/{doc_id}?page=4")).status_code == 404
        assert (await client.get(f"/documents/{doc_id}?page=0")).status_code == 422
        data = (await client.get(f"/documents/{doc_id}.json?page=2")).json()
    assert data["page"]["number"] == 2 and data["page"]["of"] == 3
    assert data["document"]["text"] == text  # spans stay offsets into the whole text
    assert data["mentions"][0]["page"] == 3
    assert data["document"]["source_id"] == "digest.txt"


async def test_the_json_twin_names_no_server_path(tmp_path: object,
                                                  web: SimpleNamespace) -> None:
    url = f"sqlite:///{tmp_path}/paths.db"
    text = "Eight guardsmen from Kaluga refused to cross the border."
    with open_store(url) as store:
        store.add(Document("/home/ana/private/kaluga.txt", text), Report("a"), "test-1")
        store.add(Document("https://example.org/story", text + " Again.",
                           url="https://example.org/story"), Report("b"), "test-1")
        ids = [d.id for d in store.documents()]
    async with web.app_client(url) as client:
        answers = [(await client.get(f"/documents/{i}.json")) for i in ids]
    assert [a.json()["document"]["source_id"] for a in answers] == [
        "kaluga.txt", "https://example.org/story"]
    assert "/home/ana" not in answers[0].text


async def test_highlights_show_whole_words(tmp_path: object, web: SimpleNamespace) -> None:
    """An outcome phrase before a place is marked up to its last word, not into the place."""
    text = ("Nine soldiers from Tomsk refused to fight near Bakhmut in March 2023 and were "
            "returned to Pskov, their relatives said.")
    url = f"sqlite:///{tmp_path}/words.db"
    with open_store(url) as store:
        store.add(Document("tomsk", text, date(2023, 4, 2)), extract(text, date(2023, 4, 2)),
                  PIPELINE_VERSION)
        doc_id = store.documents()[0].id
    async with web.app_client(url) as client:
        html = (await client.get(f"/documents/{doc_id}")).text
    marked = re.findall(r'<mark data-field="outcomes\.0"[^>]*>([^<]*)</mark>', html)
    assert marked == ["were returned to"]
    # no marked piece stops one letter into the next word ("returned to P")
    assert not re.search(r"\w</mark>\w", html)
