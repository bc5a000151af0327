"""The read-only pages and their `.json` twins (and the case list's `.csv`).

    GET /cases?type=refusal&place=omsk   the case list, filtered; /cases.json, /cases.csv,
                                         /cases.atom (a feed of its new and changed cases)
    GET /cases/12, /documents/7, /map, /timeline, /figures, /review   (each also .json)

Routes are plain functions (FastAPI runs them in its thread pool, as the
database driver blocks). A `.json` route is declared before its page so that
`/cases/12.json` never reaches the page route.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from sqlalchemy import Connection, Engine, select

from otkaz.lang.detect import NAMES, READ
from otkaz.models import FORCES, INCIDENT_TYPES, OUTCOMES
from otkaz.notify.notices import read_notices
from otkaz.store.rows import aware
from otkaz.store.schema import review_log
from otkaz.web import atom, stats
from otkaz.web.cache import cached_response
from otkaz.web.charts import figures_svg, timeline_svg
from otkaz.web.common import render, require_reader, store_of
from otkaz.web.outline import outline_body
from otkaz.web.queries import (
    PER_PAGE_MAX,
    SORTS,
    STATUSES,
    CaseFilter,
    FilterError,
    filter_from_params,
    iter_case_rows,
    list_cases,
)
from otkaz.web.reviewlog import entry_titles, log_lines
from otkaz.web.views import EDITABLE, case_page, document_page, iso, without_html

router = APIRouter(dependencies=[Depends(require_reader)])

# The case list's language choices: those otkaz reads, by their English names.
LANGUAGES = tuple((code, NAMES[code]) for code in READ)


async def case_filter(request: Request) -> CaseFilter:
    """The case list's filter from the query string; blank fields (from the form) are unset.

    Read straight from the query string rather than declared one by one to
    FastAPI, which spends a millisecond per request validating fourteen plain
    strings; FILTER_PARAMETERS describes them to OpenAPI instead. A coroutine,
    so FastAPI runs it on the event loop rather than handing it to a thread.
    """
    try:
        return filter_from_params(request.query_params)
    except FilterError as e:
        raise HTTPException(422, str(e)) from e


CSV_ROWS_PER_CHUNK = 500  # rows per piece of the streamed CSV (one piece per row is slow)


def _parameter(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


FILTER_PARAMETERS = [
    _parameter("type", "Incident type.", type="string", enum=list(INCIDENT_TYPES)),
    _parameter("force", "Force or service.", type="string", enum=list(FORCES)),
    _parameter("place", "Part of the incident place or the home, any case; a region (any "
               "spelling) they lie in; or a place in any language, which finds its gazetteer "
               "entry (Брянке, Brianka and Bryanka alike)."),
    _parameter("date_from", "Cases that end on or after this day.", type="string",
               format="date"),
    _parameter("date_to", "Cases that start on or before this day.", type="string",
               format="date"),
    _parameter("outcome", "What happened to them.", type="string", enum=list(OUTCOMES)),
    _parameter("status", "Review status (default: live cases, neither rejected nor merged "
               "into another; all: every status).",
               type="string", enum=list(STATUSES)),
    _parameter("min_origins", "At least this many independent origins.", type="integer",
               minimum=0),
    _parameter("min_confidence", "At least this confidence, 0 to 1: the highest of the "
               "case's mentions that no reviewer rejected. Cases without one are left out.",
               type="number", minimum=0, maximum=1),
    _parameter("q", "Words that must all occur in the evidence (full-text search); Russian "
               "words match in any inflection."),
    _parameter("lang", "Cases told in this language (ISO 639-1, e.g. en or ru) by some of "
               "their documents.", type="string", pattern="^[a-z]{2,3}$"),
    _parameter("sort", "Sort key; cases without its value (no date, count or confidence) "
               "come last in either order.", type="string", enum=list(SORTS), default="when"),
    _parameter("order", "Sort order.", type="string", enum=["asc", "desc"], default="desc"),
    _parameter("page", "Page number, from 1.", type="integer", minimum=1, default=1),
    _parameter("per_page", "Cases per page.", type="integer", minimum=1,
               maximum=PER_PAGE_MAX, default=50),
]
FILTER_DOCS: dict[str, Any] = {"parameters": FILTER_PARAMETERS}
Filter = Annotated[CaseFilter, Depends(case_filter)]


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/cases", status_code=307)


def data_version(request: Request) -> tuple[int, str, int, int]:
    """The store's data version now, what every remembered answer is keyed by."""
    version: tuple[int, str, int, int] = request.app.state.versions.read()
    return version


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _remembered(request: Request, f: CaseFilter, form: str,
                make: Callable[[tuple[Any, ...]], bytes], media_type: str) -> Response:
    """The case list in `form` from the response cache (by data version, filter and form)."""
    engine = store_of(request).engine
    version = data_version(request)
    key = (str(engine.url), version, f, form)
    body, etag = request.app.state.response_cache.get(key, lambda: make(version))
    return cached_response(request, body, etag, media_type)


def _cases(request: Request, f: CaseFilter, version: tuple[Any, ...] | None = None
           ) -> dict[str, Any]:
    """One page of the case list (shared by the page and its .json twin: read-only)."""
    engine = store_of(request).engine
    version = version or data_version(request)
    data: dict[str, Any] = request.app.state.list_cache.get(
        (str(engine.url), version, f),
        lambda: list_cases(engine, f, index=request.app.state.case_index, version=version))
    return data


@router.get("/cases.json", summary="Cases matching the filter, one page",
            response_class=JSONResponse, openapi_extra=FILTER_DOCS)
def cases_json(request: Request, f: Filter) -> Response:
    return _remembered(request, f, "json", lambda v: _json_bytes(_cases(request, f, v)),
                       "application/json")


@router.get("/cases.csv", summary="Every case matching the filter, as CSV",
            openapi_extra=FILTER_DOCS)
def cases_csv(request: Request, f: Filter) -> StreamingResponse:
    engine = store_of(request).engine

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for n, row in enumerate(iter_case_rows(engine, f), 1):
            writer.writerow([iso(v) for v in row])
            if n % CSV_ROWS_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="otkaz-cases.csv"'})


FEED_DOCS: dict[str, Any] = {
    "parameters": FILTER_PARAMETERS,
    "responses": {"200": {"description": "An Atom 1.0 feed (RFC 4287), newest update first; "
                                         "sort, order and page are ignored, per_page sets "
                                         "its size.",
                          "content": {"application/atom+xml": {}}},
                  "304": {"description": "Not modified (If-None-Match, If-Modified-Since)."}},
}


@router.get("/cases.atom", summary="New and changed cases matching the filter, as Atom",
            response_class=Response, openapi_extra=FEED_DOCS)
def cases_atom(request: Request, f: Filter) -> Response:
    """The feed of `f` (web.atom); an ETag and Last-Modified for conditional GETs."""
    engine = store_of(request).engine
    version = data_version(request)
    base = str(request.base_url).rstrip("/")

    def make() -> bytes:
        ids = [c["id"] for c in _cases(request, atom.feed_filter(f), version)["cases"]]
        with engine.connect() as conn:
            notices = read_notices(conn, ids)
        query = atom.feed_query(f)
        self_url = f"{base}/cases.atom" + (f"?{query}" if query else "")
        feed = atom.Feed(id=self_url, title=atom.feed_title(f), self_url=self_url,
                         page_url=f"{base}/cases" + (f"?{query}" if query else ""),
                         base_url=base,
                         updated=notices[0].updated if notices else
                         _last_update(version) or atom.EPOCH)
        return atom.feed_xml(feed, notices)

    key = (str(engine.url), version, f, "atom", base)
    body, etag = request.app.state.response_cache.get(key, make)
    return cached_response(request, body, etag, atom.MEDIA_TYPE, _last_update(version))


def _last_update(version: tuple[Any, ...]) -> datetime | None:
    """The newest case update in the store, from its data version (search.data_version).

    A feed's Last-Modified: store-wide, so that a case leaving a filter (its
    update moves this too) never leaves a client with a stale feed.
    """
    try:
        return aware(datetime.fromisoformat(str(version[1])))
    except ValueError:  # no case yet
        return None


@router.get("/cases", response_class=HTMLResponse, include_in_schema=False)
def cases_page(request: Request, f: Filter) -> Response:
    def page(version: tuple[Any, ...] | None = None) -> HTMLResponse:
        return render(request, "cases.html", data=_cases(request, f, version), f=f,
                      types=INCIDENT_TYPES,
                      forces=FORCES, outcomes=OUTCOMES, statuses=STATUSES, sorts=tuple(SORTS),
                      languages=LANGUAGES)

    if request.session:  # a signed-in reviewer or a flash message: made for them alone
        return page()
    return _remembered(request, f, "html", lambda v: bytes(page(v).body),
                       "text/html; charset=utf-8")


def _case_or_404(request: Request, case_id: int) -> dict[str, Any]:
    data = case_page(store_of(request).engine, case_id)
    if data is None:
        raise HTTPException(404, f"There is no case {case_id}.")
    return data


@router.get("/cases/{case_id}.json", summary="One case: merged fields, conflicts, mentions, log")
def case_json(request: Request, case_id: int) -> dict[str, Any]:
    data: dict[str, Any] = without_html(_case_or_404(request, case_id))
    return data


def render_case(request: Request, data: dict[str, Any], status_code: int = 200,
                error: str | None = None) -> HTMLResponse:
    """The case page for `data` (from views.case_page), with a refusal message if any."""
    with store_of(request).engine.connect() as conn:
        lines = log_lines(conn, data["review_log"])
    return render(request, "case.html", status_code=status_code, data=data, error=error,
                  log_lines=lines,
                  merged_into=data["case"]["merged"].get("merged_into"), editable=EDITABLE,
                  types=INCIDENT_TYPES, forces=FORCES)


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_view(request: Request, case_id: int) -> HTMLResponse:
    return render_case(request, _case_or_404(request, case_id))


def _document_or_404(request: Request, document_id: int, page: int) -> dict[str, Any]:
    data = document_page(store_of(request).engine, document_id, page)
    if data is None:
        what = f"page {page} of document {document_id}" if page > 1 else \
            f"document {document_id}"
        raise HTTPException(404, f"There is no {what}.")
    return data


DocumentPage = Annotated[int, Query(ge=1, le=1_000_000, description=(
    "Page of a long document's text, from 1 (views.DOCUMENT_PAGE_CHARS characters each); "
    "spans stay offsets into the whole text."))]


@router.get("/documents/{document_id}.json", summary="One document with its extractions")
def document_json(request: Request, document_id: int, page: DocumentPage = 1) -> dict[str, Any]:
    data: dict[str, Any] = without_html(_document_or_404(request, document_id, page))
    return data


@router.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_view(request: Request, document_id: int, page: DocumentPage = 1) -> HTMLResponse:
    return render(request, "document.html", data=_document_or_404(request, document_id, page))


def _stats_of(request: Request, name: str, compute: Callable[[Engine], Any]) -> Any:
    """A whole-store summary (map, timeline, figures), remembered until the data changes.

    Shared between requests: callers copy before changing anything in it.
    """
    engine = store_of(request).engine
    key = (str(engine.url), data_version(request), name)
    return request.app.state.stats_cache.get(key, lambda: compute(engine))


@router.get("/map.json", summary="Cases as GeoJSON, by incident place and by home region")
def map_json(request: Request) -> Response:
    engine = store_of(request).engine
    key = (str(engine.url), data_version(request), "map")
    body, etag = request.app.state.response_cache.get(
        key, lambda: _json_bytes(stats.map_data(engine)))
    return cached_response(request, body, etag, "application/json")


@router.get("/map/outline.json", include_in_schema=False)
def map_outline(request: Request) -> Response:
    """The country outline the map draws (web.outline: no band across the antimeridian)."""
    compressed = "gzip" in request.headers.get("accept-encoding", "")
    body, etag = outline_body(compressed)
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if compressed:
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request) -> HTMLResponse:
    return render(request, "map.html")


@router.get("/timeline.json", summary="Cases and people reported per month")
def timeline_json(request: Request) -> dict[str, Any]:
    data = dict(_stats_of(request, "timeline", stats.timeline))
    data.pop("stats")
    return data


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request) -> HTMLResponse:
    data = _stats_of(request, "timeline", stats.timeline)
    return render(request, "timeline.html", data=data, chart=timeline_svg(data["stats"]))


@router.get("/figures.json", summary="Aggregate figures (case counts, convictions...)")
def figures_json(request: Request) -> dict[str, Any]:
    """`series`: one per measure and kind of period (month, year, totals from a day...)."""
    data = dict(_stats_of(request, "figures", stats.figures_data))
    data["series"] = [{"measure": k.measure, "period": k.period,
                       "points": [{"day": p.day.isoformat(), "low": p.low, "high": p.high}
                                  for p in ps]} for k, ps in data["series"].items()]
    return data


@router.get("/figures", response_class=HTMLResponse, include_in_schema=False)
def figures_page(request: Request) -> HTMLResponse:
    data = _stats_of(request, "figures", stats.figures_data)
    return render(request, "figures.html", data=data, chart=figures_svg(data["series"]))


def _recent_reviews(conn: Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(review_log).order_by(review_log.c.id.desc()).limit(limit)).all()
    return [{"id": r.id, "at": iso(r.at), "user": r.user, "action": r.action,
             "case_id": r.case_id, "mention_id": r.mention_id, "field": r.field,
             "before": r.before, "after": r.after, "note": r.note} for r in rows]


@router.get("/review.json", summary="The review log, newest first")
def review_json(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 200
                ) -> dict[str, Any]:
    """Entries as stored, each with `case_title`: the title the log page shows."""
    with store_of(request).engine.connect() as conn:
        return {"entries": entry_titles(conn, _recent_reviews(conn, limit))}


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request) -> HTMLResponse:
    with store_of(request).engine.connect() as conn:
        lines = log_lines(conn, _recent_reviews(conn, 200))
    return render(request, "review.html", lines=lines)
