"""Dispatch: each source (file, folder, URL) to the reader that fits it.

    items = list(iter_documents(["corpus/", "https://example.org/feed.xml"]))

Errors come back as SourceError values, not raised, so one bad source never
stops a batch. A folder gives only its article files (files.select_files:
SUPPORTED_SUFFIXES, then the --include/--exclude globs); each other file is handed
to `on_skip`. A file named on its own whose type is not one of those is an error
(E113), not read as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

import httpx

from otkaz.errors import SourceError
from otkaz.ingest.feeds import feed_documents
from otkaz.ingest.fetch import LazyClient, download, fetched_to_document, kind_of
from otkaz.ingest.files import (
    Skipped,
    kind_of_path,
    manifest_dates,
    read_bytes,
    read_file,
    select_files,
    sniff,
    supported,
    unsupported_error,
)
from otkaz.ingest.jsonl import read_jsonl
from otkaz.ingest.parquet import read_parquet
from otkaz.models import Document

Item = Document | SourceError


def is_url(source: str) -> bool:
    """True for an http(s) URL, which is fetched rather than opened."""
    return source.lower().startswith(("http://", "https://"))


def iter_documents(
    sources: Iterable[str],
    *,
    published: date | None = None,
    client: httpx.Client | None = None,
    max_bytes: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[Item]:
    """Documents from every source in order, and a SourceError for each one that fails.

        >>> skipped = []
        >>> docs = list(iter_documents(["corpus/"], exclude=["drafts/*"],
        ...                            on_skip=skipped.append))  # doctest: +SKIP

    `published` dates plain-text files (and HTML pages that state no date of
    their own); in a folder, a file its manifest.json dates gets that date instead
    (files.manifest_dates). `client` is used for URLs and feed links; one is made on first
    need when it is None. In a folder only article files are read (see the module
    docstring); `include`/`exclude` globs narrow them further, and each file left
    out goes to `on_skip`. A file named on its own that is not an article type
    gives SourceError E113.
    """
    with LazyClient(client) as lazy:
        for source in sources:
            if is_url(source):
                yield from _url_documents(source, lazy, published, max_bytes)
            elif Path(source).is_dir():
                dates, problems = manifest_dates(source)
                for problem in problems:
                    if isinstance(problem, SourceError):
                        yield problem
                    elif on_skip is not None:
                        on_skip(problem)
                for found in select_files(source, include, exclude):
                    if isinstance(found, Skipped):
                        if on_skip is not None:
                            on_skip(found)
                    else:
                        dated = dates.get(found.relative_to(source).as_posix(), published)
                        yield from _path_documents(found, lazy, dated, max_bytes)
            elif not supported(source):
                yield unsupported_error(source)
            else:
                yield from _path_documents(Path(source), lazy, published, max_bytes)


def read_path(
    path: str | Path,
    *,
    published: date | None = None,
    client: httpx.Client | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item]:
    """The documents in one file of any kind (text, HTML, feed, JSONL)."""
    with LazyClient(client) as lazy:
        yield from _path_documents(Path(path), lazy, published, max_bytes)


def fetch_url(
    url: str,
    client: httpx.Client | None = None,
    *,
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item]:
    """The documents at `url`: one for a page or text, one per entry for a feed."""
    with LazyClient(client) as lazy:
        yield from _url_documents(url, lazy, published, max_bytes)


def _path_documents(
    path: Path, lazy: LazyClient, published: date | None, max_bytes: int | None
) -> Iterator[Item]:
    kind = kind_of_path(path, sniff(path))
    if kind == "jsonl":
        yield from read_jsonl(path)
        return
    if kind == "parquet":
        yield from read_parquet(path)
        return
    try:
        if kind == "feed":
            data = read_bytes(path, max_bytes)
            yield from feed_documents(data, str(path), lazy, max_bytes)
        else:
            yield read_file(path, published=published, max_bytes=max_bytes)
    except SourceError as e:
        yield e


def _url_documents(
    url: str, lazy: LazyClient, published: date | None, max_bytes: int | None
) -> Iterator[Item]:
    try:
        fetched = download(url, lazy.get(), max_bytes=max_bytes)
        if kind_of(fetched) == "feed":
            yield from feed_documents(fetched.data, url, lazy, max_bytes)
        else:
            yield fetched_to_document(fetched, doc_id=url, published=published)
    except SourceError as e:
        yield e
