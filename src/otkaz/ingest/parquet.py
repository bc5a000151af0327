"""Parquet corpora: the JSONL document format as columns, streamed a row group at a time.

    docs = [d for d in read_parquet("docs.parquet") if isinstance(d, Document)]

The columns are the JSONL fields (FORMAT.md "Input documents"): `text` (required),
`id`, `published` (an ISO string, a date or a timestamp), `url`, `outlet`, `title`,
`lang`; other columns are not read. Rows are read with pyarrow's
`ParquetFile.iter_batches`, `BATCH_ROWS` at a time, so a file of any size is read
in bounded memory. Rows are numbered from 1, as JSONL lines are: a row without an
`id` gets ``PATH:ROW``; a bad row yields a SourceError naming it and the other rows
go on; an id used again is E112 and a row with an id has the key ``ABSOLUTE_PATH#ID``,
as in JSONL. A file that is not Parquet, or has no `text` column, is one error (E117).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from otkaz.errors import SourceError
from otkaz.ingest.jsonl import RecordError, record_to_document
from otkaz.ingest.seen import FirstSeen
from otkaz.models import Document

PARQUET_SUFFIXES = (".parquet", ".pq")
COLUMNS = ("id", "text", "published", "url", "outlet", "title", "lang")
BATCH_ROWS = 256


def _open(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except FileNotFoundError:
        raise SourceError(str(path), "E101", "no such file or directory") from None
    except IsADirectoryError:
        raise SourceError(str(path), "E101", "is a directory, not a Parquet file") from None
    except (pa.ArrowInvalid, OSError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SourceError(str(path), "E117", f"not a Parquet file ({reason})") from None


def _as_record(row: dict[str, Any]) -> dict[str, Any]:
    published = row.get("published")
    if isinstance(published, datetime | date):  # a date or timestamp column
        row["published"] = published.isoformat()
    return row


def read_parquet(path: str | Path) -> Iterator[Document | SourceError]:
    """Documents from the Parquet file `path`, a SourceError for each bad row."""
    path = Path(path)
    source = str(path)
    try:
        file = _open(path)
    except SourceError as e:
        yield e
        return
    names = set(file.schema_arrow.names)
    if "text" not in names:
        yield SourceError(source, "E117", "no 'text' column (columns: "
                          f"{', '.join(sorted(names)) or 'none'})")
        return
    if file.metadata.num_rows == 0:
        yield SourceError(source, "E102", "empty file (no rows)")
        return
    origin = str(path.resolve())
    first_row = FirstSeen()
    number = 0
    for batch in file.iter_batches(batch_size=BATCH_ROWS,
                                   columns=[c for c in COLUMNS if c in names]):
        for row in batch.to_pylist():
            number += 1
            default_id = f"{source}:{number}"
            try:
                doc = record_to_document(_as_record(row), default_id=default_id)
            except RecordError as e:
                yield SourceError(source, e.code, f"row {number}: {e.reason}")
                continue
            if doc.id != default_id:
                first = first_row.first(doc.id, number)
                if first is not None:
                    yield SourceError(source, "E112", f"row {number}: duplicate id {doc.id!r} "
                                      f"(first on row {first}); row skipped")
                    continue
                doc = dataclasses.replace(doc, key=f"{origin}#{doc.id}")
            yield doc


def count_rows(path: str | Path) -> int:
    """How many rows a Parquet file holds, from its footer (nothing else is read)."""
    return int(_open(Path(path)).metadata.num_rows)
