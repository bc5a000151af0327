from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from otkaz.errors import SourceError
from otkaz.ingest import read_jsonl
from otkaz.ingest.jsonl import parse_published
from otkaz.models import Document

GOOD: list[dict[str, Any]] = [
    {"id": "d1", "text": "Ten soldiers refused to deploy.\nThey were from Ostrov.",
     "published": "2023-05-14", "url": "https://a.example/1", "outlet": "Alpha News",
     "title": "Ten soldiers refused to deploy"},
    {"id": "d2", "text": "A sailor deserted in Baltiysk.", "published": "2023-06-01T10:00:00Z"},
    {"id": "d3", "text": "Guardsmen were dismissed.", "published": None},
]


def _write(path: Path, lines: list[str | bytes]) -> Path:
    with open(path, "wb") as f:
        for line in lines:
            f.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
    return path


def test_three_documents(tmp_path: Path) -> None:
    path = _write(tmp_path / "docs.jsonl", [json.dumps(r) for r in GOOD])
    docs = list(read_jsonl(path))
    assert docs == [
        Document("d1", GOOD[0]["text"], date(2023, 5, 14), "https://a.example/1",
                 "Alpha News", "Ten soldiers refused to deploy"),
        Document("d2", "A sailor deserted in Baltiysk.", date(2023, 6, 1)),
        Document("d3", "Guardsmen were dismissed."),
    ]


def test_bad_lines_are_reported_and_the_others_still_yield(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.jsonl", [
        json.dumps(GOOD[0]),
        json.dumps(GOOD[1]),
        '{"id": "d9", "text": "unterminated',
        '{"id": "d10", "title": "No body"}',
        "",
        json.dumps(GOOD[2]),
        '["a", "list"]',
        '{"id": "d11", "text": "   "}',
        '{"id": "d12", "text": "Fine text.", "published": "last Tuesday"}',
        b'{"id": "d13", "text": "caf\xe9"}',
        '{"text": "No id here."}',
    ])
    items = list(read_jsonl(path))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    assert [d.id for d in docs] == ["d1", "d2", "d3", f"{path}:11"]
    assert errors == [
        f"[E105] {path}: line 3: not JSON: Unterminated string starting at column 22",
        f"[E106] {path}: line 4: no 'text' field",
        f"[E105] {path}: line 7: not a JSON object but list",
        f"[E106] {path}: line 8: 'text' field is empty or not a string",
        f"[E106] {path}: line 9: 'published' is not an ISO date: 'last Tuesday'",
        f"[E111] {path}: line 10: not UTF-8 (invalid continuation byte)",
    ]


def test_ten_thousand_lines_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for n in range(10_000):
            f.write(json.dumps({"id": f"n{n}", "text": f"Report number {n}."}) + "\n")
    items = read_jsonl(path)
    first = next(items)  # a generator: the first document comes before the rest is read
    assert isinstance(first, Document) and first.id == "n0"
    rest = list(items)
    assert len(rest) == 9_999
    assert all(isinstance(d, Document) for d in rest)
    assert rest[-1].id == "n9999"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("make", "code", "reason"),
    [
        (lambda p: None, "E101", "no such file or directory"),
        (lambda p: p.write_bytes(b""), "E102", "empty file"),
        (lambda p: p.write_bytes(b"\n  \n"), "E102", "empty file"),
        (lambda p: p.mkdir(), "E101", "is a directory, not a JSONL file"),
    ],
)
def test_bad_jsonl_files(
    tmp_path: Path, make: Callable[[Path], object], code: str, reason: str
) -> None:
    path = tmp_path / "corpus.jsonl"
    make(path)
    items = list(read_jsonl(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceError)
    assert (items[0].code, items[0].reason) == (code, reason)


def test_bom_on_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.jsonl", [b"\xef\xbb\xbf" + json.dumps(GOOD[2]).encode()])
    assert list(read_jsonl(path)) == [Document("d3", "Guardsmen were dismissed.")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-04-26", date(2022, 4, 26)),
        ("2022-04-26T23:59:00+03:00", date(2022, 4, 26)),
        ("2022-04-26 08:00:00", date(2022, 4, 26)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["26/04/2022", "April 2022", 20220426])
def test_parse_published_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


def test_read_jsonl_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = b'{"id": "s1", "text": "Ten sailors refused to sail."}\n{"id": "s2"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_jsonl("-"))
    assert isinstance(items[0], Document) and items[0].id == "s1"
    assert isinstance(items[1], SourceError) and items[1].source == "<stdin>"


@pytest.mark.parametrize(("data", "records"), [
    (b"", 0), (b"{}\n", 1), (b"{}", 1), (b"{}\n{}", 2), (b"\n\n{}\n\n\n{}\n", 2),
    (b"{}\n  \n\t\n", 1), (b"\xef\xbb\xbf{}\n{}\n", 2),
])
def test_count_records_counts_what_read_jsonl_reads(tmp_path: Path, data: bytes,
                                                     records: int) -> None:
    from otkaz.ingest.jsonl import count_records

    path = tmp_path / "docs.jsonl"
    path.write_bytes(data)
    assert count_records(path) == records
    if data.strip(b"\xef\xbb\xbf \t\n"):
        assert len(list(read_jsonl(path))) == records


def test_jsonl_total_only_for_jsonl_files(tmp_path: Path) -> None:
    from otkaz.ingest.jsonl import jsonl_total

    a, b = tmp_path / "a.jsonl", tmp_path / "b.ndjson"
    a.write_text('{"text": "x"}\n' * 3)
    b.write_text('{"text": "y"}\n' * 2)
    (tmp_path / "c.txt").write_text("text")
    assert jsonl_total([str(a), str(b)]) == 5
    for mixed in ([str(a), str(tmp_path / "c.txt")], [str(a), "-"], [str(tmp_path)],
                  [str(a), "https://example.org/feed.jsonl"], [str(tmp_path / "gone.jsonl")],
                  []):
        assert jsonl_total(mixed) is None
