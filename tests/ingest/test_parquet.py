"""Parquet corpora: the JSONL fields as columns, read in row batches, bad rows reported."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import otkaz.ingest.parquet as parquet
from otkaz.errors import SourceError
from otkaz.ingest import iter_documents, read_corpus, read_parquet
from otkaz.ingest.jsonl import jsonl_total
from otkaz.models import Document


def write(path: Path, columns: dict[str, list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_rows_become_documents_with_their_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.parquet", {
        "id": ["a", None],
        "text": ["Ten soldiers refused.", "Rain at the weekend."],
        "published": [datetime(2023, 5, 14, 9, 30), None],
        "url": ["https://example.org/a", None],
        "title": ["Ten refuse", None],
        "lang": ["en", None],
        "extra": [1, 2],  # a column otkaz does not read
    })
    docs = list(read_parquet(path))
    assert all(isinstance(d, Document) for d in docs)
    first, second = docs
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.text, first.published, first.url, first.title, first.lang) == (
        "a", "Ten soldiers refused.", date(2023, 5, 14), "https://example.org/a",
        "Ten refuse", "en")
    assert first.key == f"{path.resolve()}#a"
    assert (second.id, second.published, second.key) == (f"{path}:2", None, None)


def test_bad_rows_are_errors_and_the_rest_is_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)  # rows numbered across batches
    path = write(tmp_path / "feed.parquet", {
        "id": ["a", "b", "a", "c", "d"],
        "text": ["One.", "  ", "Three.", "Four.", "Five."],
        "published": ["2023-01-01", None, None, "not a date", "2023-02-03"],
    })
    items = list(read_parquet(path))
    assert [str(i) if isinstance(i, SourceError) else i.id for i in items] == [
        "a",
        f"[E106] {path}: row 2: 'text' field is empty or not a string",
        f"[E112] {path}: row 3: duplicate id 'a' (first on row 1); row skipped",
        f"[E106] {path}: row 4: 'published' is not an ISO date: 'not a date'",
        "d",
    ]


def test_a_file_that_is_not_parquet_or_has_no_text_is_one_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,text\n1,hello\n", encoding="utf-8")
    no_text = write(tmp_path / "no_text.parquet", {"id": ["a"], "body": ["x"]})
    empty = write(tmp_path / "empty.parquet", {"text": pa.array([], pa.string())})
    assert [e.code for e in read_parquet(fake) if isinstance(e, SourceError)] == ["E117"]
    assert [str(e) for e in read_parquet(no_text)] == [
        f"[E117] {no_text}: no 'text' column (columns: body, id)"]
    assert [str(e) for e in read_parquet(empty)] == [f"[E102] {empty}: empty file (no rows)"]
    assert [e.code for e in read_parquet(tmp_path / "none.parquet")] == ["E101"]


def test_folders_read_parquet_and_the_total_comes_from_the_footer(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = write(folder / "feed.parquet", {"id": [f"r{i}" for i in range(300)],
                                           "text": [f"Story {i}." for i in range(300)]})
    (folder / "a.txt").write_text("Ten soldiers refused.", encoding="utf-8")
    ids = [d.id for d in iter_documents([str(folder)]) if isinstance(d, Document)]
    assert ids[0] == str(folder / "a.txt") and ids[1:4] == ["r0", "r1", "r2"]
    assert len(ids) == 301
    assert jsonl_total([str(path)]) == 300
    assert [d.id for d in read_corpus(str(path))][:2] == ["r0", "r1"]
