"""The sources file: URL [INTERVAL] lines, comments, blank lines; each bad line an E116
naming FILE:LINE while the others load."""

from __future__ import annotations

from pathlib import Path

import pytest

from otkaz.errors import SourceError
from otkaz.watch import parse_interval, parse_sources, read_sources


@pytest.mark.parametrize(("line", "url", "interval"), [
    ("https://x.org/rss", "https://x.org/rss", 3600),
    ("https://x.org/rss 30m", "https://x.org/rss", 1800),
    ("https://x.org/rss 2h", "https://x.org/rss", 7200),
    ("https://x.org/rss 900s", "https://x.org/rss", 900),
    ("https://x.org/rss 1d", "https://x.org/rss", 86400),
    ("  http://x.org/a\t45M  ", "http://x.org/a", 2700),
    ("https://x.org/rss 30m  # Meduza, English", "https://x.org/rss", 1800),
    ("https://x.org/page#top 2h", "https://x.org/page#top", 7200),  # a fragment stays
])
def test_good_lines(line: str, url: str, interval: int) -> None:
    sources, errors = parse_sources(line + "\n", "feeds.txt")
    assert errors == []
    assert [(s.url, s.interval, s.where) for s in sources] == [(url, interval, "feeds.txt:1")]


@pytest.mark.parametrize(("line", "message"), [
    ("x.org/rss", "not an http(s) URL: 'x.org/rss'"),
    ("ftp://x.org/rss 1h", "not an http(s) URL: 'ftp://x.org/rss'"),
    ("https://x.org/rss 5x", "bad interval '5x': a number with s, m, h or d, as 900s, 30m, 2h"),
    ("https://x.org/rss 30", "bad interval '30'"),
    ("https://x.org/rss 10s", "interval '10s' is too short: at least 1m"),
    ("https://x.org/rss 1h daily", "expected URL [INTERVAL], found 3 fields"),
    ("https:// 1h", "not an http(s) URL"),
])
def test_bad_lines_are_one_error_each_and_the_rest_still_load(line: str, message: str) -> None:
    text = f"# my feeds\n\nhttps://a.org/rss 30m\n{line}\nhttps://b.org/ 2h\n"
    sources, errors = parse_sources(text, "feeds.txt")
    assert [s.url for s in sources] == ["https://a.org/rss", "https://b.org/"]
    [error] = errors
    assert isinstance(error, SourceError) and error.code == "E116"
    assert error.source == "feeds.txt:4" and message in error.reason
    assert "\n" not in str(error)


def test_a_url_listed_twice_is_an_error_on_its_later_line() -> None:
    sources, errors = parse_sources("https://a.org 30m\nhttps://a.org 2h\n", "f.txt")
    assert [(s.url, s.interval) for s in sources] == [("https://a.org", 1800)]
    assert [str(e) for e in errors] == [
        "[E116] f.txt:2: https://a.org is listed already on f.txt:1"]


def test_default_interval_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKAZ_WATCH_INTERVAL", "15m")
    assert parse_sources("https://a.org\n")[0][0].interval == 900


def test_parse_interval() -> None:
    assert [parse_interval(t) for t in ("60s", "1m", "2H", "1d")] == [60, 60, 7200, 86400]
    with pytest.raises(ValueError, match="too short"):
        parse_interval("59s")


def test_read_sources_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        read_sources(tmp_path / "nope.txt")
    assert caught.value.code == "E101" and caught.value.reason == "no such file"
    path = tmp_path / "feeds.txt"
    path.write_text("\ufeffhttps://a.org 1h\n", encoding="utf-8")  # a BOM is not the URL's
    assert read_sources(path)[0][0].url == "https://a.org"
