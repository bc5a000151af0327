"""Reading sources into Documents: text and HTML files, folders, feeds, JSONL, URLs.

    for item in iter_documents(["articles/", "https://example.org/rss"]):
        print(item if isinstance(item, SourceError) else item.id)

Public functions: `iter_documents` (any sources), `read_path` (one file of any
kind), `read_file` (one text or HTML file), `read_jsonl`, `parse_feed`,
`fetch_url` (one URL), `html_to_document`, `make_client` (an httpx client with
otkaz's User-Agent and timeout; pass ``httpx.MockTransport`` in tests).

A source is a path or an http(s) URL:

- ``.txt``: plain text, title on its first line, date = `published`.
- ``.html``/``.htm``: trafilatura's main text (title first) and metadata.
- ``.xml``/``.rss``/``.atom``: an RSS or Atom feed, one Document per entry.
- ``.jsonl``: a corpus in FORMAT.md's form, streamed line by line.
- ``.parquet``: the same fields as columns, streamed a row group at a time (pyarrow).
- any other type (``.md``, ``.json``, ``.csv``, no suffix): not read by `iter_documents`;
  named on its own it is error E113 (`read_path` and `read_file` still read it, as
  text unless its first bytes say feed or HTML).
- a folder: its files of the types above, recursively, in sorted order, hidden ones
  passed over; `include`/`exclude` globs narrow them; every other file is reported
  to `on_skip` as a `Skipped` (path and reason). A sidecar `manifest.json` dates its
  text and HTML files (``{"published": {"a.txt": "2023-10-16"}}``; files.manifest_dates).
- a URL: fetched; a feed gives its entries, a page gives one Document.

Bad input never stops a batch: `iter_documents` yields a `SourceError` (a
value, not raised) naming the source, with a code and a one-line reason, and
goes on. Size: a single file or download larger than `max_bytes` (default the
``max_bytes`` setting, 10 MB) is refused without being read: files by their
``stat`` size, URLs by ``Content-Length`` and by stopping the stream once it
passes the limit. JSONL corpora are streamed and have no size limit.

Error codes (``str(error)`` is ``[CODE] SOURCE: REASON``):

====  ============================================================================
E101  missing or unreadable path ("no such file or directory")
E102  empty file or response ("empty file")
E103  binary content ("binary file, not text")
E104  too large ("too large: 50.0 MB (52428800 bytes), over the 10.0 MB limit")
E105  JSONL line not JSON, or not an object ("line 3: not JSON: ...")
E106  JSONL record missing or with a bad field ("line 4: no 'text' field")
E107  no article text found in HTML, or a feed entry with no text or link
E108  HTTP error status ("HTTP 404 Not Found"), too many redirects
E109  timeout, connection failure or invalid URL ("timed out after 15 s")
E110  not an RSS or Atom feed
E111  undecodable text (not UTF-8 and no encoding fits)
E112  JSONL id used again in the same file ("line 9: duplicate id 'a7' (first on line 2)")
E113  a file named on its own whose type is not an article type ("'.md' files are not ...")
E114  a folder's manifest.json entry that cannot be used ("'a.txt': no such file beside ...")
E115  a fetch the fetcher declined to send (`otkaz watch`: "disallowed by robots.txt")
E116  a bad line in a watch sources file ("feeds.txt:3: bad interval '5x': ...")
E117  not a Parquet file, or one without a 'text' column
====  ============================================================================
"""

from __future__ import annotations

from collections.abc import Iterator

from otkaz.errors import SourceError
from otkaz.ingest.feeds import parse_feed
from otkaz.ingest.fetch import make_client
from otkaz.ingest.files import SUPPORTED_SUFFIXES, Skipped, read_file
from otkaz.ingest.html import html_to_document
from otkaz.ingest.jsonl import read_jsonl
from otkaz.ingest.parquet import PARQUET_SUFFIXES, read_parquet
from otkaz.ingest.sources import fetch_url, is_url, iter_documents, read_path
from otkaz.models import Document


def read_corpus(source: str) -> Iterator[Document | SourceError]:
    """The documents of one corpus file: Parquet by its suffix, else JSONL ("-" is stdin).

        >>> docs = list(read_corpus("feed.parquet"))  # doctest: +SKIP
    """
    if source.lower().endswith(PARQUET_SUFFIXES):
        return read_parquet(source)
    return read_jsonl(source)


ERROR_CODES: dict[str, str] = {
    "E101": "missing or unreadable path",
    "E102": "empty file or response",
    "E103": "binary content, not text",
    "E104": "larger than the max_bytes limit",
    "E105": "JSONL line that is not a JSON object",
    "E106": "JSONL record with a missing or bad field",
    "E107": "no article text found (HTML page or feed entry)",
    "E108": "HTTP error status",
    "E109": "timeout, connection failure or invalid URL",
    "E110": "not an RSS or Atom feed",
    "E111": "undecodable text",
    "E112": "JSONL id already used by an earlier line of the file",
    "E113": "not an article type (.txt, .html, .htm, .xml, .rss, .atom, .jsonl, .parquet)",
    "E114": "a manifest.json entry that cannot be used (not a date, no such file)",
    "E115": "a fetch declined by the fetcher (robots.txt disallows it)",
    "E116": "a bad line in a watch sources file",
    "E117": "not a Parquet file, or no 'text' column",
}

__all__ = [
    "ERROR_CODES", "SUPPORTED_SUFFIXES", "Skipped", "SourceError", "fetch_url",
    "html_to_document", "is_url", "iter_documents",
    "make_client", "parse_feed", "read_corpus", "read_file", "read_jsonl", "read_parquet",
    "read_path",
]
