from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from otkaz import ingest
from otkaz.errors import SourceError
from otkaz.ingest import ERROR_CODES, is_url, iter_documents
from otkaz.models import Document

GOOD_TEXT = "Guardsmen refuse\nEight guardsmen from Kaluga refused to cross the border.\n"


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_folder_is_read_recursively_and_one_broken_file_is_one_error(
    tmp_path: Path, mock_web: Callable[..., Any], samples: SimpleNamespace
) -> None:
    root = tmp_path / "corpus"
    _write(root / "a.txt", GOOD_TEXT)
    _write(root / "b" / "page.html", samples.page)
    _write(root / "b" / "north.atom", samples.atom)
    _write(root / "c" / "docs.jsonl", "\n".join(json.dumps(
        {"id": f"j{n}", "text": f"Report {n} about a refusal."}) for n in (1, 2)))
    _write(root / "c" / "broken.txt", b"\x00\x01\x02\x03binary")
    _write(root / "notes", "Untyped file\nIt has no suffix: not an article type, skipped.")
    _write(root / ".hidden.txt", "should be skipped")
    _write(root / ".cache" / "x.txt", "should be skipped")
    web = mock_web({})

    skipped: list[ingest.Skipped] = []
    items = list(iter_documents([str(root)], published=date(2024, 5, 1), client=web.client(),
                                on_skip=skipped.append))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, SourceError)]

    assert [d.id for d in docs] == [
        f"{root}/a.txt", "urn:northern-wire:77", f"{root}/b/page.html", "j1", "j2",
    ]
    assert [str(s) for s in skipped] == [f"{root}/notes (not an article type: no suffix)"]
    assert [str(e) for e in errors] == [f"[E103] {root}/c/broken.txt: binary file, not text"]
    by_id = {d.id: d for d in docs}
    assert by_id[f"{root}/a.txt"].published == date(2024, 5, 1)
    assert by_id[f"{root}/b/page.html"].published == date(2023, 9, 2)
    assert web.requests == []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("missing.txt", None, "E101"),
        ("empty.txt", b"", "E102"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "E103"),
        ("nothing.html", b"<html><body><script>1</script></body></html>", "E107"),
        ("notfeed.xml", b"<html><body><p>hello</p></body></html>", "E110"),
        ("bom.txt", b"\xef\xbb\xbf\xff\xfe text", "E111"),
    ],
)
def test_each_bad_file_yields_one_error_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes | None, code: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    items = list(iter_documents([str(bad), str(good)]))
    assert len(items) == 2
    error, doc = items
    assert isinstance(error, SourceError)
    assert error.code == code and error.source == str(bad)
    assert "\n" not in str(error)
    assert isinstance(doc, Document) and doc.id == str(good)


def test_huge_file_in_a_batch(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    error, doc = list(iter_documents([str(huge), str(good)]))
    assert isinstance(error, SourceError) and error.code == "E104"
    assert "50.0 MB" in error.reason and "10.0 MB limit" in error.reason
    assert isinstance(doc, Document)


def test_urls_and_files_mix_with_one_shared_client(
    tmp_path: Path, mock_web: Callable[..., Any], samples: SimpleNamespace,
    page_response: Callable[..., httpx.Response],
) -> None:
    ok, gone, slow = ("https://a.example/ok", "https://a.example/gone", "https://a.example/slow")
    web = mock_web({
        ok: page_response(samples.page),
        gone: httpx.Response(404),
        slow: httpx.ReadTimeout("slow"),
    })
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    items = list(iter_documents([gone, ok, slow, str(good)], client=web.client(timeout=4)))
    assert [str(i) if isinstance(i, SourceError) else i.id for i in items] == [
        f"[E108] {gone}: HTTP 404 Not Found",
        ok,
        f"[E109] {slow}: timed out after 4 s",
        str(good),
    ]


def test_no_client_is_made_for_local_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network() -> httpx.Client:
        raise AssertionError("a client was made")

    monkeypatch.setattr("otkaz.ingest.fetch.make_client", no_network)
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    assert [d.id for d in iter_documents([str(good)])] == [str(good)]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("source", "expected"),
    [("https://x.example/a", True), ("HTTP://x.example", True), ("ftp://x", False),
     ("notes/http.txt", False), ("/tmp/https:/x", False)],
)
def test_is_url(source: str, expected: bool) -> None:
    assert is_url(source) is expected


def test_error_code_table_is_documented_and_complete() -> None:
    assert ingest.__doc__ is not None
    for code in ERROR_CODES:
        assert f"\n{code}  " in ingest.__doc__
    assert sorted(ERROR_CODES) == [f"E1{n:02d}" for n in range(1, 18)]
