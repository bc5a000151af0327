"""The issue's "done when": `otkaz watch --once` over a local feed server ingests the new
items; a second run sends conditional headers, gets 304 and ingests nothing; after an item
is added to the feed, a third run ingests only that one.

Real CLI (Typer's CliRunner), real httpx, real extraction, and a real HTTP server on
127.0.0.1 (a port the OS picks) in a thread. The articles are invented for this test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store
from otkaz.store.schema import watch_items, watch_sources

ARTICLES = {
    "/news/krasnodar-police": (
        "Krasnodar riot police refuse to go to Ukraine",
        "Twelve riot police officers from Krasnodar refused to go to Ukraine, their lawyer "
        "said on Monday. The officers were dismissed from the service two days later, the "
        "lawyer told reporters."),
    "/news/buryat-conscripts": (
        "Buryat conscripts leave their unit",
        "Five conscripts from Buryatia left their unit near Belgorod in May and returned "
        "home, their mothers told a local newspaper on Tuesday."),
    "/news/vladivostok-marines": (
        "Marines refuse to fight near Kherson",
        "Thirty marines from Vladivostok refused to fight near Kherson in March, a relative "
        "of one of the men said on Wednesday."),
}


class FeedServer:
    """An RSS feed (with ETag and Last-Modified, 304 to a request that carries them) and
    its article pages; `requests` keeps (path, headers) of every request."""

    def __init__(self) -> None:
        self.items = ["/news/krasnodar-police", "/news/buryat-conscripts"]
        self.version = 1
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posts: list[tuple[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.answer(self.path, self.headers)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802 - a webhook receiver
                length = int(self.headers.get("Content-Length", 0))
                server.posts.append((self.path, json.loads(self.rfile.read(length))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass  # quiet

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, path: str, headers: Any) -> tuple[int, dict[str, str], bytes]:
        if path == "/feed.xml":
            etag = f'"feed-v{self.version}"'
            modified = f"Mon, 0{self.version} Sep 2025 08:00:00 GMT"
            if headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag,
                         "Last-Modified": modified}, self.feed()
        if path in ARTICLES:
            title, text = ARTICLES[path]
            page = (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head>"
                    f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>")
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{ARTICLES[p][0]}</title><link>{self.base}{p}</link>"
            f"<guid>{self.base}{p}</guid><pubDate>Mon, 01 Sep 2025 07:00:00 GMT</pubDate>"
            "<description>Read the full story.</description></item>" for p in self.items)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Test Wire</title><link>{self.base}/</link>{items}</channel></rss>"
                ).encode()

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests if p != "/robots.txt"]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _make_due(db: str) -> None:
    """Let the poll interval pass (the test does not wait an hour)."""
    with open_store(db) as store, store.engine.begin() as conn:
        conn.execute(update(watch_sources).values(next_due=None))


def test_watch_once_ingests_new_items_then_304_then_only_the_added_one(
        tmp_path: Path, server: FeedServer) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# the test wire\n{server.base}/feed.xml 30m\n", encoding="utf-8")
    env = {"COLUMNS": "200", "NO_COLOR": "1", "OTKAZ_WATCH_HOST_DELAY": "0"}
    run = ["watch", str(sources), "--once", "--db", db]

    first = CliRunner().invoke(app, run, env=env)
    assert first.exit_code == 0, first.output
    assert "1 source polled: 2 new documents, 0 unchanged" in first.output
    assert server.paths() == ["/feed.xml", "/news/krasnodar-police", "/news/buryat-conscripts"]
    user_agents = {h["User-Agent"] for _, h in server.requests}
    assert len(user_agents) == 1 and user_agents.pop().startswith("otkaz/")
    with open_store(db) as store:
        assert store.counts()["documents"] == 2
        mentions = store.mentions()
        assert len(mentions) >= 2  # the extractor found the refusal and the desertion
        cases_after_first = store.counts()["cases"]
        assert cases_after_first >= 2 and store.pending_links() == 0  # linked

    _make_due(db)
    second = CliRunner().invoke(app, run, env=env)
    assert second.exit_code == 0, second.output
    assert "1 source polled (1 not modified): 0 new documents, 0 unchanged" in second.output
    path, headers = server.requests[-1]
    assert path == "/feed.xml" and headers["If-None-Match"] == '"feed-v1"'
    assert headers["If-Modified-Since"] == "Mon, 01 Sep 2025 08:00:00 GMT"
    assert server.paths()[3:] == ["/feed.xml"]  # no article fetched

    server.items.insert(0, "/news/vladivostok-marines")
    server.version = 2
    _make_due(db)
    third = CliRunner().invoke(app, run, env=env)
    assert third.exit_code == 0, third.output
    assert "1 source polled: 1 new document, 0 unchanged, 2 seen before" in third.output
    assert server.paths()[4:] == ["/feed.xml", "/news/vladivostok-marines"]
    with open_store(db) as store:
        assert store.counts()["documents"] == 3
        assert store.counts()["cases"] > cases_after_first
        with store.engine.connect() as conn:
            outcomes = sorted(conn.execute(select(watch_items.c.url, watch_items.c.outcome)))
            state = conn.execute(select(watch_sources)).one()
    assert [o for _, o in outcomes] == ["stored"] * 3
    assert (state.etag, state.items_seen, state.documents, state.failures) == (
        '"feed-v2"', 3, 3, 0)

    status = CliRunner().invoke(app, ["watch", "status", "--db", db], env=env)
    assert status.exit_code == 0 and f"{server.base}/feed.xml" in status.output


def test_a_round_that_stored_documents_tells_the_webhooks(
        tmp_path: Path, server: FeedServer) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{server.base}/feed.xml\n", encoding="utf-8")
    env = {"COLUMNS": "200", "NO_COLOR": "1", "OTKAZ_WATCH_HOST_DELAY": "0"}
    added = CliRunner().invoke(app, ["webhook", "add", "desk", f"{server.base}/hook",
                                     "--filter", "force=rosgvardia", "--db", db], env=env)
    assert added.exit_code == 0, added.output

    first = CliRunner().invoke(app, ["watch", str(sources), "--once", "--db", db], env=env)
    assert first.exit_code == 0, first.output
    assert "webhook desk: 1 case in 1 POST" in first.output
    ((path, payload),) = server.posts
    assert path == "/hook" and payload["webhook"] == "desk"
    assert [c["force"] for c in payload["cases"]] == ["rosgvardia"]  # the Krasnodar police

    _make_due(db)  # 304: nothing stored, so nothing to tell
    second = CliRunner().invoke(app, ["watch", str(sources), "--once", "--db", db], env=env)
    assert second.exit_code == 0 and "webhook" not in second.output
    assert len(server.posts) == 1

    quiet = CliRunner().invoke(app, ["watch", str(sources), "--once", "--no-webhooks",
                                     "--db", f"sqlite:///{tmp_path / 'other.db'}"], env=env)
    assert quiet.exit_code == 0 and "webhook" not in quiet.output
