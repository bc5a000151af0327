"""Fixtures for the watch tests: a fake clock, a scripted web, a store, a fast extractor.

Test modules cannot import this file by name (--import-mode=importlib): they get
the scripted web from the `make_web` fixture. Feeds and articles are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

import otkaz.batch
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import Store, open_store
from otkaz.watch import ManualClock

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


Handler = Callable[[httpx.Request], httpx.Response]


class Web:
    """A scripted web: URL -> response or handler; every request kept in `requests`.

    `transport()` is the httpx.MockTransport to hand to a Watcher.

    robots.txt answers 404 (allow all) unless a route gives it.
    """

    def __init__(self, routes: dict[str, httpx.Response | Handler]) -> None:
        self.routes = dict(routes)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        route = self.routes.get(url)
        if route is None:
            return httpx.Response(404, text="not here")
        if callable(route):
            return route(request)
        return httpx.Response(route.status_code, headers=route.headers, content=route.content)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def asked(self, url: str) -> list[httpx.Request]:
        return [r for r in self.requests if str(r.url) == url]

    def pages(self) -> list[str]:
        """URLs asked for, robots.txt left out."""
        return [str(r.url) for r in self.requests if r.url.path != "/robots.txt"]


def fake_extract(docs: list[Document]) -> list[Report]:
    """One incident per document, no model: these tests are about fetching and counting."""
    return [Report(d.id, [Incident(type="refusal", actor="officers", count=Range(12, 12),
                                   evidence=[(0, 8)])]) for d in docs]


@pytest.fixture
def fast_extract(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the extractor with fake_extract; the ids of the documents it was given."""
    extracted: list[str] = []

    def extract(docs: list[Document]) -> list[Report]:
        extracted.extend(d.id for d in docs)
        return fake_extract(docs)

    monkeypatch.setattr(otkaz.batch, "extract_safely", extract)
    return extracted


@pytest.fixture
def clock() -> ManualClock:
    """A clock at START that moves only by the sleeps asked of it (and advance())."""
    return ManualClock(START)


@pytest.fixture
def make_web() -> type[Web]:
    """The scripted web: make_web({url: response or handler})."""
    return Web


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'watch.db'}") as s:
        yield s
