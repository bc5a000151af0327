"""`otkaz watch status`, the `/watch` page and its JSON twin, and `otkaz watch FILE`'s
handling of a sources file with bad lines."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store
from otkaz.watch import ManualClock, Watcher, WatchSource
from otkaz.web.app import create_app

ENV = {"COLUMNS": "220", "NO_COLOR": "1"}
GOOD = "https://good.example/rss"
BAD = "https://bad.example/rss"
ARTICLE = "https://good.example/a/1"
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Good Wire</title>'
        b"<item><title>Police refuse</title><link>https://good.example/a/1</link>"
        b"<description>Read more</description></item></channel></rss>")
PAGE = ("<html><head><title>Police refuse</title></head><body><article><p>Twelve riot "
        "police officers from Krasnodar refused to go to Ukraine, their lawyer said on "
        "Monday.</p></article></body></html>")


@pytest.fixture
def watched(tmp_path: Path, make_web: Any, fast_extract: list[str]) -> str:
    """A store where GOOD brought one document and BAD failed once with a 429; its URL."""
    url = f"sqlite:///{tmp_path / 'status.db'}"
    web = make_web({GOOD: httpx.Response(200, content=FEED, headers={
        "content-type": "application/rss+xml"}),
        ARTICLE: httpx.Response(200, text=PAGE, headers={"content-type": "text/html"}),
        BAD: httpx.Response(429, headers={"retry-after": "600"})})
    clock = ManualClock(datetime(2099, 3, 3, 9, 0, tzinfo=UTC))  # still to come: not due
    with open_store(url) as store, Watcher(
            store, [WatchSource(GOOD, 1800), WatchSource(BAD, 3600)],
            transport=web.transport(), clock=clock, host_delay=0) as watcher:
        assert watcher.poll_due().summary.stored == 1
    return url


def test_status_lists_each_source(watched: str) -> None:
    result = CliRunner().invoke(app, ["watch", "status", "--db", watched], env=ENV)
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "Source" in line)
    assert re.search(r"Source +┃ Last success +┃ Last error +┃ Failures ┃ Documents ┃ "
                     r"Next due", header)
    bad = next(line for line in result.output.splitlines() if BAD in line)
    assert re.search(r"never +│ \[E108\] HTTP 429 Too Many Requests, retry after 600 s +│ "
                     r"1 +│ 0 +│ 2099-03-03 09:10 UTC", bad), bad
    good = next(line for line in result.output.splitlines() if GOOD in line)
    assert re.search(r"2099-03-03 09:00 UTC +│ +│ 0 +│ 1 +│ 2099-03-03 09:30 UTC", good), good


def test_status_of_a_store_with_no_sources(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["watch", "status", "--db",
                                      f"sqlite:///{tmp_path / 'empty.db'}"], env=ENV)
    assert result.exit_code == 0
    assert result.output.strip() == "no sources watched yet: run otkaz watch SOURCES_FILE"


def test_watch_page_and_json(watched: str) -> None:
    application = create_app(watched, secret_key="test", read_requires_login=False)
    with TestClient(application) as client:
        data = client.get("/watch.json").json()
        page = client.get("/watch")
        cases = client.get("/cases")
    assert [s["url"] for s in data["sources"]] == [BAD, GOOD]
    bad, good = data["sources"]
    assert (bad["failures"], bad["documents"], bad["last_success"]) == (1, 0, None)
    assert bad["next_due"] == "2099-03-03T09:10:00+00:00" and bad["due"] is False
    assert (good["documents"], good["items_seen"], good["last_error"]) == (1, 1, None)
    assert page.status_code == 200
    assert "<h1>Watched sources</h1>" in page.text and f'href="{GOOD}"' in page.text
    assert "HTTP 429 Too Many Requests" in page.text
    assert 'href="/watch" aria-current="page">Sources</a>' in page.text
    assert 'href="/watch" >Sources</a>' in cases.text  # in every page's navigation


def test_watch_page_needs_sign_in_where_reading_does(watched: str) -> None:
    application = create_app(watched, secret_key="test", read_requires_login=True)
    with TestClient(application) as client:
        page = client.get("/watch", follow_redirects=False)
        data = client.get("/watch.json")
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/watch"
    assert data.status_code == 401


def test_watch_file_reports_bad_lines_and_polls_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import otkaz.watch.watcher

    polled: list[list[str]] = []

    class NoNetwork(otkaz.watch.watcher.Watcher):
        def poll_due(self) -> Any:
            polled.append([s.url for s in self.sources])
            return otkaz.watch.watcher.Round()

    monkeypatch.setattr(otkaz.watch, "Watcher", NoNetwork)
    sources = tmp_path / "feeds.txt"
    sources.write_text("https://a.example/rss 30m\nnot a url\nhttps://b.example/ 5x\n"
                       "https://c.example/feed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(sources), "--once", "--db",
                                      f"sqlite:///{tmp_path / 'o.db'}"], env=ENV)
    assert polled == [["https://a.example/rss", "https://c.example/feed"]]
    assert f"[E116] {sources}:2: not an http(s) URL: 'not'" in result.output
    assert f"[E116] {sources}:3: bad interval '5x'" in result.output
    assert "0 sources polled: 0 new documents" in result.output
    assert result.exit_code == 1  # bad lines: a cron job should hear of them


def test_watch_file_that_is_missing_or_empty(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'o.db'}"]
    missing = CliRunner().invoke(app, ["watch", str(tmp_path / "nope.txt"), *db], env=ENV)
    assert missing.exit_code == 2 and "[E101]" in missing.output and "no such file" in \
        missing.output
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(empty), "--once", *db], env=ENV)
    assert result.exit_code == 2 and "no sources to watch" in result.output
