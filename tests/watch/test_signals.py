"""SIGTERM (or Ctrl-C) during `otkaz watch` stops after the document in hand is stored,
with a one-line summary."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import otkaz.batch
import otkaz.watch
from otkaz.cli import app
from otkaz.models import Document, Report
from otkaz.store import open_store

FEED = "https://wire.example/rss"
LINKS = [f"https://wire.example/news/{n}" for n in range(3)]


def _feed() -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>{link}</link>"
                    "<description>Read more</description></item>"
                    for n, link in enumerate(LINKS))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
            "</channel></rss>").encode()


def _page(n: int) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html"}, text=(
        f"<html><head><title>Story {n}</title></head><body><article><p>Story {n}: "
        f"{n + 3} soldiers from Tver refused to return to the front, their wives said."
        "</p></article></body></html>"))


@pytest.mark.parametrize(("signum", "code", "why"), [
    (signal.SIGTERM, 0, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")])
def test_a_signal_stops_after_the_document_in_hand(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_web: Any,
        signum: int, code: int, why: str) -> None:
    web = make_web({FEED: httpx.Response(200, content=_feed(), headers={
        "content-type": "application/rss+xml"}), **{link: _page(n)
                                                    for n, link in enumerate(LINKS)}})
    seen: list[str] = []

    def extract_then_signal(docs: list[Document]) -> list[Report | Any]:
        seen.extend(d.id for d in docs)
        os.kill(os.getpid(), signum)  # arrives while the first document is extracted
        return [Report(d.id) for d in docs]

    class Scripted(otkaz.watch.Watcher):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, transport=web.transport(), host_delay=0, **kwargs)

    monkeypatch.setattr(otkaz.batch, "extract_safely", extract_then_signal)
    monkeypatch.setattr(otkaz.watch, "Watcher", Scripted)
    sources = tmp_path / "feeds.txt"
    sources.write_text(f"{FEED} 30m\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'o.db'}"
    before = signal.getsignal(signum)
    result = CliRunner().invoke(app, ["watch", str(sources), "--db", db],
                                env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == code, result.output
    assert seen == [LINKS[0]] and web.pages() == [FEED, LINKS[0]]
    assert "1 source polled: 1 new document" in result.output and "; stopped" in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"watch stopped ({why}) after 1 round: 1 new document, 0 unchanged, 0 new incidents, "
        "0 new cases, 0 errors; what was stored is kept")
    with open_store(db) as store:
        assert store.counts()["documents"] == 1
    assert signal.getsignal(signum) == before  # the handlers are put back
