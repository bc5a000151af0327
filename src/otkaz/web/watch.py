"""The watched sources (`otkaz watch`): how each one's polls went.

    GET /watch        a table: source, last success, last error, failures, documents, next due
    GET /watch.json   the same as JSON: {"sources": [...], "now": "..."}

Read access as for every other page (require_reader). The rows come from
`watch_sources` (otkaz.watch.state), which the watcher writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from otkaz.watch.state import SourceState, all_sources
from otkaz.web.common import render, require_reader, store_of
from otkaz.web.views import iso

router = APIRouter(dependencies=[Depends(require_reader)])


def source_json(s: SourceState, now: datetime) -> dict[str, Any]:
    """One source as the page and its JSON twin show it."""
    return {"url": s.url, "interval_s": s.interval, "last_fetch": iso(s.last_fetch),
            "last_success": iso(s.last_success), "last_error": s.last_error,
            "failures": s.failures, "items_seen": s.items_seen, "documents": s.documents,
            "next_due": iso(s.next_due), "due": s.due(now)}


def _sources(request: Request) -> dict[str, Any]:
    now = datetime.now(UTC)
    states = all_sources(store_of(request))
    return {"now": iso(now), "sources": [source_json(s, now) for s in states]}


@router.get("/watch.json", summary="Watched sources and how their polls went")
def watch_json(request: Request) -> dict[str, Any]:
    """One entry per URL `otkaz watch` has polled, by URL; times in UTC, ISO 8601."""
    return _sources(request)


@router.get("/watch", response_class=HTMLResponse, include_in_schema=False)
def watch_page(request: Request) -> HTMLResponse:
    return render(request, "watch.html", data=_sources(request))
