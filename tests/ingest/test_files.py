from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from otkaz.errors import SourceError
from otkaz.ingest import files, read_file
from otkaz.ingest.files import kind_of_path, walk

ARTICLE = (
    "Conscripts in Lesnoy refuse to sign contracts\n"
    "\n"
    "Twenty conscripts at a base in Lesnoy refused to sign contracts that would send them\n"
    "to the front, a mother of one of them said on Thursday.\n"
)
RUSSIAN = (
    "Солдаты отказались ехать на фронт\n"
    "Двенадцать солдат из части в Заречном отказались возвращаться на позиции, "
    "сообщили их родственники. Командир пригрозил им уголовным делом."
)


def test_text_file_with_published(tmp_path: Path) -> None:
    path = tmp_path / "lesnoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_file(path, published=date(2023, 3, 9))
    assert doc.id == str(path)
    assert doc.text == ARTICLE.strip()
    assert doc.title == "Conscripts in Lesnoy refuse to sign contracts"
    assert doc.published == date(2023, 3, 9)
    assert doc.url is None and doc.outlet is None


def test_text_file_without_published_is_not_guessed_from_mtime(tmp_path: Path) -> None:
    path = tmp_path / "lesnoy.md"
    path.write_text("# " + ARTICLE, encoding="utf-8")
    doc = read_file(path)
    assert doc.published is None
    assert doc.title == "Conscripts in Lesnoy refuse to sign contracts"
    assert doc.text.startswith("# Conscripts")


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    assert read_file(path).text == ARTICLE.strip()


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-16"])
def test_non_utf8_russian_text_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"ru-{encoding}.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    doc = read_file(path)
    assert doc.text == RUSSIAN
    assert doc.title == "Солдаты отказались ехать на фронт"


def _make(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "code", "reason"),
    [
        ("missing.txt", None, "E101", "no such file or directory"),
        ("empty.txt", b"", "E102", "empty file"),
        ("blank.txt", b" \n\n\t \n", "E102", "empty file (only blank space)"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E103",
         "binary file, not text"),
        ("bad-bom.txt", b"\xef\xbb\xbfok \xff\xfe\xfd", "E111",
         "not valid utf-8 despite its BOM (invalid start byte)"),
        ("nothing.html", b"<html><body><script>var a = 1;</script></body></html>", "E107",
         "no article text found in HTML"),
    ],
)
def test_bad_files_raise_source_error(
    tmp_path: Path, name: str, content: bytes | None, code: str, reason: str
) -> None:
    path = _make(tmp_path, name, content)
    with pytest.raises(SourceError) as caught:
        read_file(path)
    assert caught.value.code == code
    assert caught.value.reason == reason
    assert str(caught.value) == f"[{code}] {path}: {reason}"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory") as caught:
        read_file(tmp_path)
    assert caught.value.code == "E101"


def test_50_mb_file_is_refused_by_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant, takes no disk

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(files, "open", no_open, raising=False)
    started = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        read_file(path)
    assert time.perf_counter() - started < 1
    assert caught.value.code == "E104"
    assert caught.value.reason == (
        "too large: 50.0 MB (52428800 bytes), over the 10.0 MB limit "
        "(max_bytes=10485760; set OTKAZ_MAX_BYTES to raise it)"
    )


def test_limit_comes_from_argument_then_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "small.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SourceError, match="max_bytes=100;"):
        read_file(path, max_bytes=100)
    monkeypatch.setenv("OTKAZ_MAX_BYTES", "50")
    with pytest.raises(SourceError, match="max_bytes=50;"):
        read_file(path)
    assert read_file(path, max_bytes=10_000).text == ARTICLE.strip()


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.txt", b"<rss version='2.0'>", "text"),
        ("a.MD", b"", "text"),
        ("a.htm", b"", "html"),
        ("a.atom", b"", "feed"),
        ("a.ndjson", b"", "jsonl"),
        ("a.dat", b"<?xml version='1.0'?>\n<rss version='2.0'><channel>", "feed"),
        ("a.dat", b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("a", b"  <!DOCTYPE html><html><body>", "html"),
        ("a", b"Plain words about soldiers.", "text"),
    ],
)
def test_kind_by_suffix_then_sniffing(name: str, head: bytes, kind: str) -> None:
    assert kind_of_path(Path(name), head) == kind


def test_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", ".hidden.txt", ".git/config", "a/.DS_Store",
                "c.html"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert found == ["a/b/c.txt", "a/z.txt", "b.txt", "c.html"]
