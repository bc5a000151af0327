"""Local files and folders: size check, kind by suffix or sniffing, text files to Documents.

    doc = read_file("notes/refusal.txt", published=date(2023, 5, 14))

A file's size is checked with ``stat`` before it is opened: one over the limit
(`max_bytes`, default the ``max_bytes`` setting, 10 MB) is refused with
E104 and never read. A plain-text file's text is the file decoded, CRLF turned
into LF and outer blank space stripped; its title is its first line (without
Markdown ``#`` marks); its date is the `published` given, else None (never
guessed from the file's mtime).

Only article types are read from a folder (`SUPPORTED_SUFFIXES`: .txt, .html, .htm,
.xml, .rss, .atom, .jsonl, .parquet; `select_files`, with --include/--exclude globs); the other
files are listed as Skipped.

A folder may date its files in a sidecar `manifest.json` (`manifest_dates`), as the
bundled examples do; each one covers the files of its folder and below, named by
their path inside that folder::

    {"published": {"tomsk-reservists.txt": "2023-10-16", "2024/omsk.html": "2024-05-01"}}

A file's manifest date stands in for `--published` (an HTML page's own date still
wins, as over `--published`). An entry that cannot be used (not a date, no such
file) is error E114 and the other entries still apply; a `manifest.json` without
"published" is not otkaz's and is listed as skipped.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from otkaz.errors import SourceError
from otkaz.ingest.decode import decode_text, limit, too_large
from otkaz.ingest.fetch import looks_like_feed
from otkaz.ingest.html import html_to_document
from otkaz.models import Document

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
_SNIFF_BYTES = 2048


def kind_of_path(path: Path, head: bytes = b"") -> str:
    """``"text"``, ``"html"``, ``"feed"``, ``"jsonl"`` or ``"parquet"``: by suffix, else from
    the first bytes."""
    suffix = path.suffix.lower()
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("feed", FEED_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("parquet", PARQUET_SUFFIXES)):
        if suffix in suffixes:
            return kind
    if head.startswith(b"PAR1"):
        return "parquet"
    if looks_like_feed(head):
        return "feed"
    start = head[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    return "text"


def sniff(path: Path) -> bytes:
    """The first bytes of `path` (b'' when it cannot be read; reading it later says why)."""
    try:
        with open(path, "rb") as f:
            return f.read(_SNIFF_BYTES)
    except OSError:
        return b""


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of file `path`, refusing a missing, empty or too large one with SourceError."""
    source = str(path)
    try:
        size = os.stat(path).st_size
        if Path(path).is_dir():
            raise SourceError(source, "E101", "is a directory, not a file")
        if size == 0:
            raise SourceError(source, "E102", "empty file")
        cap = limit(max_bytes)
        if size > cap:
            raise too_large(source, size, cap)
        with open(path, "rb") as f:
            data = f.read(cap + 1)  # a file that grew since stat is still capped
    except FileNotFoundError:
        raise SourceError(source, "E101", "no such file or directory") from None
    except PermissionError:
        raise SourceError(source, "E101", "permission denied") from None
    except OSError as e:
        raise SourceError(source, "E101", e.strerror or str(e)) from None
    if len(data) > cap:
        raise too_large(source, len(data), cap, at_least=True)
    return data


def text_to_document(text: str, *, doc_id: str, published: date | None = None) -> Document:
    """Plain text as a Document; raises SourceError E102 when it holds only blank space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise SourceError(doc_id, "E102", "empty file (only blank space)")
    first = text.split("\n", 1)[0].strip()
    title = first.lstrip("#").strip() or None
    return Document(id=doc_id, text=text, published=published, title=title)


def read_file(
    path: str | Path, published: date | None = None, max_bytes: int | None = None
) -> Document:
    """One text or HTML file as a Document (the id is `path` as given); raises SourceError.

    For HTML, the page's own date wins and `published` is the fallback.
    """
    source = str(path)
    data = read_bytes(path, max_bytes)
    if kind_of_path(Path(path), data[:_SNIFF_BYTES]) == "html":
        return html_to_document(data, doc_id=source, published=published)
    return text_to_document(decode_text(data, source=source), doc_id=source, published=published)


def walk(folder: str | Path) -> Iterator[Path]:
    """The files under `folder`, recursively, sorted by path, skipping hidden files and folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    yield from sorted(found, key=lambda p: p.relative_to(folder).parts)


# What `otkaz ingest` reads from a folder, and from a file named on the command line: the
# kinds an article comes in. Anything else (notes.md, data.json, a .csv whose line
# "1,Ten soldiers deserted" would read as a report, a README, a manifest) is not an
# article, and reading it as plain text makes false cases.
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl", ".parquet")


@dataclass(frozen=True)
class Skipped:
    """A file in a folder that was not read, and why (listed in the ingest summary)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path} ({self.reason})"


def supported(path: str | Path) -> bool:
    """Whether `path`'s suffix is one otkaz reads as articles (SUPPORTED_SUFFIXES).

        >>> supported("a/Story.HTML"), supported("notes.md"), supported("manifest.json")
        (True, False, False)
    """
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def unsupported_error(path: str | Path) -> SourceError:
    """E113 for a file named on its own whose type otkaz does not read as articles."""
    suffix = Path(path).suffix.lower()
    what = f"'{suffix}' files are" if suffix else "a file without a suffix is"
    return SourceError(str(path), "E113", f"not read: {what} not articles otkaz reads "
                       f"(it reads {', '.join(SUPPORTED_SUFFIXES)})")


def matches(relative: str, pattern: str) -> bool:
    """Whether a file at `relative` (a path inside the folder, with /) matches a glob.

        >>> matches("2024/may/a.txt", "*.txt"), matches("2024/may/a.txt", "2023/*")
        (True, False)

    A glob with a / is matched against the path inside the folder ("drafts/*"), one
    without against the file's name ("*.jsonl", "README*"); `*` also crosses /.
    """
    target = relative if "/" in pattern else relative.rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(target, pattern)


def select_files(folder: str | Path, include: Sequence[str] = (),
                 exclude: Sequence[str] = ()) -> Iterator[Path | Skipped]:
    """The files of `folder` (walk) to read, in order, and a Skipped for each one that is not.

        >>> [str(x) for x in select_files("corpus", exclude=["old/*"])]  # doctest: +SKIP
        ['corpus/a.txt', 'corpus/README.md (not an article type: .md)', ...]

    A file is read when its type is supported, it matches one of `include` (when any
    is given) and none of `exclude`. Hidden files and folders are passed over silently.
    """
    for path in walk(folder):
        relative = path.relative_to(folder).as_posix()
        if path.name == MANIFEST:
            continue  # dates for the others (manifest_dates), or listed as skipped there
        if not supported(path):
            yield Skipped(str(path), f"not an article type: {path.suffix.lower() or 'no suffix'}")
        elif include and not any(matches(relative, g) for g in include):
            yield Skipped(str(path), "matches no --include")
        elif hit := next((g for g in exclude if matches(relative, g)), None):
            yield Skipped(str(path), f"--exclude {hit}")
        else:
            yield path


MANIFEST = "manifest.json"


def _manifest_entries(path: Path, folder: Path) -> Iterator[tuple[str, date] | SourceError]:
    """The (path inside `folder`, date) pairs of one manifest, and an E114 for each entry
    that cannot be used; a manifest that is not otkaz's raises ValueError (the reason)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"not a JSON manifest ({e})") from None
    if not isinstance(data, dict) or "published" not in data:
        raise ValueError("a manifest.json without \"published\" dates (not otkaz's)")
    published = data["published"]
    if not isinstance(published, dict):
        yield SourceError(str(path), "E114", '"published" must map file names to dates')
        return
    base = path.parent
    for name, value in published.items():
        target = base / str(name)
        where = f"{path}: {name!r}"
        if Path(name).is_absolute() or ".." in Path(name).parts:
            yield SourceError(where, "E114", "must be a path inside the manifest's folder")
        elif not target.is_file():
            yield SourceError(where, "E114", "no such file beside the manifest")
        else:
            try:
                yield target.relative_to(folder).as_posix(), date.fromisoformat(str(value))
            except ValueError:
                yield SourceError(where, "E114", f"{value!r} is not a date as YYYY-MM-DD")


def manifest_dates(folder: str | Path) -> tuple[dict[str, date], list[SourceError | Skipped]]:
    """The publication dates the manifest.json files under `folder` give, by each file's
    path inside `folder` ("2024/omsk.txt"), and what could not be used.

        >>> dates, problems = manifest_dates("src/otkaz/examples")
        >>> dates["tomsk-reservists.txt"]
        datetime.date(2023, 10, 16)

    A deeper manifest's date wins over a shallower one's for the same file.
    """
    folder = Path(folder)
    manifests = sorted((p for p in walk(folder) if p.name == MANIFEST),
                       key=lambda p: len(p.parts))
    dates: dict[str, date] = {}
    problems: list[SourceError | Skipped] = []
    for path in manifests:
        try:
            for entry in _manifest_entries(path, folder):
                if isinstance(entry, SourceError):
                    problems.append(entry)
                else:
                    dates[entry[0]] = entry[1]
        except ValueError as e:
            problems.append(Skipped(str(path), str(e)))
    return dates, problems
