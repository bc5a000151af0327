"""JSONL corpora (FORMAT.md "Input documents"), streamed one line at a time.

    docs = [d for d in read_jsonl("docs.jsonl") if isinstance(d, Document)]

Each line is a JSON object with `text` (required), `id`, `published` (ISO date
or datetime), `url`, `outlet` and `title`. A bad line yields a SourceError
naming the file and line number and the other lines go on. A line without `id`
gets ``PATH:LINE``. The file is read line by line, so size is no limit; blank
lines are skipped.

A record with an `id` is the same document whenever that file is read again:
its `Document.key` is ``ABSOLUTE_PATH#ID``, so a changed text supersedes the
stored one (otkaz.store). An id a file has already used is an error for the
later line (E112), and the rest of the file is still read.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from otkaz.errors import SourceError
from otkaz.ingest.seen import FirstSeen
from otkaz.models import Document


def parse_published(value: Any) -> date | None:
    """An ISO date or datetime string as a date; None for null; ValueError otherwise.

    >>> parse_published("2023-05-14T09:30:00Z")
    datetime.date(2023, 5, 14)
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a string: {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return str(value).strip() or None


class RecordError(ValueError):
    """A JSONL record that is not a document: `code` E105 (not an object) or E106 (a field)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def record_to_document(record: Any, *, default_id: str) -> Document:
    """One decoded JSONL record as a Document; raises RecordError with the reason."""
    if not isinstance(record, dict):
        raise RecordError("E105", f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise RecordError("E106", "no 'text' field")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("E106", "'text' field is empty or not a string")
    raw_published = record.get("published")
    try:
        published = parse_published(raw_published)
    except ValueError:
        raise RecordError("E106", f"'published' is not an ISO date: {raw_published!r}") from None
    return Document(
        id=_optional_str(record, "id") or default_id, text=text, published=published,
        url=_optional_str(record, "url"), outlet=_optional_str(record, "outlet"),
        title=_optional_str(record, "title"), lang=_optional_str(record, "lang"),
    )


def read_jsonl(path: str | Path) -> Iterator[Document | SourceError]:
    """Documents from JSONL file `path` ("-" for stdin), a SourceError for each bad line."""
    source = str(path)
    try:
        if source == "-":
            handle = sys.stdin.buffer
            source = "<stdin>"
        else:
            handle = open(path, "rb")  # noqa: SIM115 - closed below; errors become values
    except FileNotFoundError:
        yield SourceError(source, "E101", "no such file or directory")
        return
    except IsADirectoryError:
        yield SourceError(source, "E101", "is a directory, not a JSONL file")
        return
    except OSError as e:
        yield SourceError(source, "E101", e.strerror or str(e))
        return
    seen_any = False
    first_line = FirstSeen()  # explicit id -> the line that used it first
    origin = None if source == "<stdin>" else str(Path(path).resolve())
    with handle:
        for lineno, raw in enumerate(handle, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_any = True
            item = _line(raw, lineno, source)
            if isinstance(item, Document) and item.id != f"{source}:{lineno}":
                first = first_line.first(item.id, lineno)
                if first is not None:
                    item = SourceError(source, "E112", f"line {lineno}: duplicate id {item.id!r} "
                                       f"(first on line {first}); line skipped")
                elif origin is not None:
                    item = dataclasses.replace(item, key=f"{origin}#{item.id}")
            yield item
    if not seen_any:
        yield SourceError(source, "E102", "empty file")


def _line(raw: bytes, lineno: int, source: str) -> Document | SourceError:
    if b"\0" in raw:
        return SourceError(source, "E103", f"line {lineno}: binary data, not text")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return SourceError(source, "E111", f"line {lineno}: not UTF-8 ({e.reason})")
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as e:
        problem = e.msg.removesuffix(" at")  # "Invalid control character at" + " at column N"
        reason = f"line {lineno}: not JSON: {problem} at column {e.colno}"
        return SourceError(source, "E105", reason)
    try:
        return record_to_document(record, default_id=f"{source}:{lineno}")
    except RecordError as e:
        return SourceError(source, e.code, f"line {lineno}: {e.reason}")


JSONL_SUFFIXES = (".jsonl", ".ndjson")


def count_records(path: str | Path) -> int:
    """How many records (non-blank lines) a JSONL file holds, counted without parsing them:
    what a progress bar's total needs, at a small part of a parse's cost."""
    with open(path, "rb") as f:
        return sum(1 for line in f if not line.isspace())


def jsonl_total(sources: Sequence[str]) -> int | None:
    """The records in `sources` when every one is a JSONL or Parquet file on disk, else None
    (a folder, a URL, a feed or stdin: their number of documents is not known before
    reading). A Parquet file's rows are read from its footer."""
    from otkaz.errors import SourceError
    from otkaz.ingest.parquet import PARQUET_SUFFIXES, count_rows

    paths = [Path(s) for s in sources]
    if not paths or not all(p.suffix.lower() in JSONL_SUFFIXES + PARQUET_SUFFIXES
                            and p.is_file() for p in paths):
        return None
    try:
        return sum(count_rows(p) if p.suffix.lower() in PARQUET_SUFFIXES else count_records(p)
                   for p in paths)
    except (OSError, SourceError):
        return None  # reading it says why, as an error of its own
