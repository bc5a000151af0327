"""The sources file of `otkaz watch`: one URL a line, with how often to poll it.

    >>> sources, errors = parse_sources("https://x.org/rss 30m\\n# a comment\\nhttps://y.org\\n")
    >>> [(s.url, s.interval) for s in sources], errors
    ([('https://x.org/rss', 1800), ('https://y.org', 3600)], [])

A line is `URL [INTERVAL]`: INTERVAL is a number with a unit, `900s`, `30m`, `2h`
or `1d` (default: setting `watch_interval`, 1h), at least `MIN_INTERVAL`. `#`
starts a comment (at the start of a line, or after a space: a URL's own `#`
fragment stays); blank lines are skipped. A bad line is a SourceError E116 naming
`FILE:LINE`, and the other lines still load. A URL may be a feed (RSS, Atom) or a
page: the watcher tells them apart by what the server sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from otkaz import settings
from otkaz.errors import SourceError

MIN_INTERVAL = 60  # seconds: polling one URL more often than this is not polite
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+)([smhd])")
_COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(frozen=True)
class WatchSource:
    """One line of a sources file: the URL, seconds between polls, and where it was read."""

    url: str
    interval: int
    where: str = ""  # "FILE:LINE", for messages


def parse_interval(text: str) -> int:
    """Seconds in `text` ("30m" -> 1800); ValueError with what is wrong.

        >>> parse_interval("2h"), parse_interval("900s")
        (7200, 900)
    """
    match = _INTERVAL.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"bad interval {text!r}: a number with s, m, h or d, as 900s, 30m, 2h")
    seconds = int(match.group(1)) * UNITS[match.group(2)]
    if seconds < MIN_INTERVAL:
        raise ValueError(f"interval {text!r} is too short: at least {MIN_INTERVAL // 60}m")
    return seconds


def default_interval() -> int:
    """The interval of a line that names none: setting `watch_interval`."""
    return parse_interval(settings.get("watch_interval"))


def _line_source(line: str, where: str, default: int) -> WatchSource:
    fields = line.split()
    url = fields[0]
    if not url.lower().startswith(("http://", "https://")) or len(url) <= len("https://"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    if len(fields) > 2:
        raise ValueError(f"expected URL [INTERVAL], found {len(fields)} fields "
                         "(put a comment after #)")
    interval = parse_interval(fields[1]) if len(fields) == 2 else default
    return WatchSource(url, interval, where)


def parse_sources(text: str, name: str = "sources") -> tuple[list[WatchSource], list[SourceError]]:
    """The sources in `text` (a file called `name`), and an error for each bad line.

    A URL listed twice is an error on its later line; the first keeps its interval.
    """
    default = default_interval()
    sources: list[WatchSource] = []
    errors: list[SourceError] = []
    first: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        try:
            source = _line_source(line, where, default)
        except ValueError as e:
            errors.append(SourceError(where, "E116", str(e)))
            continue
        if source.url in first:
            errors.append(SourceError(where, "E116",
                                      f"{source.url} is listed already on {first[source.url]}"))
            continue
        first[source.url] = where
        sources.append(source)
    return sources, errors


def read_sources(path: str | Path) -> tuple[list[WatchSource], list[SourceError]]:
    """`parse_sources` over the file at `path`; SourceError E101 when it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError(str(path), "E101", "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise SourceError(str(path), "E101", f"cannot read: {reason}") from None
    return parse_sources(text, str(path))
