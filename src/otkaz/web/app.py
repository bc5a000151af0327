"""The web dashboard and JSON API: a FastAPI app over one store.

    >>> app = create_app("sqlite:///otkaz.db")             # doctest: +SKIP
    >>> serve(port=8000, db="sqlite:///otkaz.db")           # doctest: +SKIP

Pages are rendered on the server (Jinja2, autoescaped) and every page has a
`.json` twin; the OpenAPI description is at /openapi.json and its explorer at
/docs, served from bundled files so it works offline. Writes need a signed-in
reviewer and the session's CSRF token.
"""

from __future__ import annotations

import html
import os
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from otkaz import settings
from otkaz.errors import StoreError
from otkaz.store import Store, open_store
from otkaz.web import actions, formats, pages, watch
from otkaz.web.cache import RESPONSE_CACHE_SIZE, Memo, ResponseCache
from otkaz.web.caseindex import CaseIndex
from otkaz.web.common import LoginRequired, render, require_reader, wants_json
from otkaz.web.queries import ensure_indexes, place_entry_name
from otkaz.web.versions import VersionReader

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
SESSION_COOKIE = "otkaz_session"
STATS_CACHE_SIZE = 8  # map, timeline and figures data of the latest data versions
LIST_CACHE_SIZE = 512  # case-list pages, shared by /cases and /cases.json
SESSION_MAX_AGE_S = 14 * 24 * 3600
# the C HTTP parser and event loop, no line per request: about a third less CPU per request
UVICORN_OPTIONS: dict[str, Any] = {"http": "httptools", "loop": "uvloop", "access_log": False,
                                   "log_level": "warning"}


# Scripts and everything else only from this server; no inline script, no framing, no
# plugin. Styles may be inline: htmx and Leaflet write style attributes. The API explorer
# (/docs) starts Swagger UI with an inline script, so it alone may run one.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https://*.tile.openstreetmap.org; connect-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    """ASGI middleware: the CSP, nosniff and referrer headers on every answer that has
    not set its own. Plain ASGI rather than @app.middleware("http"), whose task and
    streams cost about 0.4 ms a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = (CSP_DOCS if scope["path"] == "/docs" else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                for name, value in ((b"content-security-policy", policy),
                                    (b"x-content-type-options", b"nosniff"),
                                    (b"referrer-policy", b"same-origin")):
                    if name not in names:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _install_security_headers(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)


def _html_error(request: Request) -> bool:
    """Whether an error answers as a page: a browser's GET of a page (not .json, .csv, API)."""
    path = request.url.path
    if wants_json(request) or path.endswith((".json", ".csv")) or path == "/openapi.json":
        return False
    return request.method == "GET" or "hx-request" in request.headers \
        or "text/html" in request.headers.get("accept", "")


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired) -> Response:
        if wants_json(request) or request.url.path.endswith(".csv"):
            return JSONResponse({"detail": "Sign in to read this."}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    # Starlette's own (an unknown path: 404) as well as FastAPI's, which subclasses it
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not _html_error(request):
            return await http_exception_handler(request, exc)
        message = "There is no such page." if exc.status_code == 404 and exc.detail in (
            None, "Not Found") else str(exc.detail)
        return render(request, "error.html", status_code=exc.status_code,
                      status=exc.status_code, message=message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _html_error(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
                             for e in exc.errors())
        return render(request, "error.html", status_code=422, status=422,
                      message=f"This address is not one otkaz understands ({problems}).")


def _install_docs(app: FastAPI) -> None:
    """/openapi.json and its explorer /docs, behind the same sign-in rule as every page."""
    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(require_reader)])
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(require_reader)])
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="otkaz API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")


def web_threads(dialect: str) -> int:
    """Threads for the blocking routes: the setting, else 2 on SQLite and 8 on a server."""
    chosen = settings.get("web_threads").strip()
    if chosen:
        return max(1, int(chosen))
    return 2 if dialect == "sqlite" else 8


def create_app(store_url: str | None = None, *, read_requires_login: bool | None = None,
               secret_key: str | None = None, cache: bool = True, index: bool = True
               ) -> FastAPI:
    """The dashboard over the store at `store_url` (default: setting `db`).

    The case list answers from an in-memory index of the cases' filter and sort
    columns (web.caseindex), kept in step with the store, and remembers finished
    answers until the data changes. `cache=False` turns off the remembered
    answers, `index=False` the index (each list then asks SQL): for measuring.

    `read_requires_login` defaults to the setting of that name; `secret_key`
    (signing the session cookie) to the setting `secret_key`, else a random key
    made now, so sessions end when the server restarts.
    """
    store = open_store(store_url)
    ensure_indexes(store.engine)
    from otkaz.link import link_pending

    link_pending(store)  # an interrupted ingest's mentions get their cases before anyone reads

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = web_threads(store.engine.dialect.name)
        yield
        app.state.versions.close()
        store.close()

    app = FastAPI(title="otkaz", version="0.1.0", lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None,
                  description="Reports of Russian servicemen refusing to fight or deserting, "
                              "grounded in the text of news articles and linked into cases.")
    app.state.store = store
    app.state.versions = VersionReader(store.engine)
    app.state.case_index = CaseIndex() if index else None
    if app.state.case_index is not None:
        # read the store and sort every order now; and load the gazetteer that a place
        # filter reads (about 4 s), rather than in the first visitors' requests
        app.state.case_index.warm(store.engine)
        place_entry_name("Omsk")
    app.state.response_cache = ResponseCache(RESPONSE_CACHE_SIZE if cache else 0)
    app.state.stats_cache = Memo(STATS_CACHE_SIZE if cache else 0)
    app.state.list_cache = Memo(LIST_CACHE_SIZE if cache else 0)
    app.state.read_requires_login = (settings.get("read_requires_login") == "1"
                                     if read_requires_login is None else read_requires_login)
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.state.templates.env.auto_reload = False  # templates ship with the package
    formats.install(app.state.templates.env)
    app.state.templates.get_template("cases.html")  # compiled now, not in a first visit
    key = secret_key or settings.get("secret_key") or secrets.token_urlsafe(32)
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_MAX_AGE_S, same_site="lax")
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(pages.router)
    app.include_router(actions.router)
    app.include_router(watch.router)
    _install_error_pages(app)
    _install_security_headers(app)
    _install_docs(app)
    _install_file_guard(app, store)
    return app


def _install_file_guard(app: FastAPI, store: Store) -> None:
    """Stop serving a SQLite file that was deleted or replaced under the server (503).

    SQLite keeps writing to a deleted file through the open connection, so reviews
    would vanish with it; one stat per request notices, before the request runs.
    The first time, the error is printed on stderr too.
    """
    if store.path is None:
        return
    told = [False]

    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Response:
        try:
            store.check_file()
        except StoreError as e:
            if not told[0]:
                told[0] = True
                print(f"error: {e.one_line()}", file=sys.stderr, flush=True)
            if wants_json(request):
                return JSONResponse({"detail": e.one_line(), "code": e.code}, status_code=503)
            return HTMLResponse(f"<!doctype html><title>otkaz: database gone</title>"
                                f"<h1>Database unavailable</h1><p>{html.escape(e.one_line())}</p>",
                                status_code=503)
        response: Response = await call_next(request)
        return response


def app_from_settings() -> FastAPI:
    """The app for the settings in the environment (OTKAZ_DB, ...): uvicorn's factory."""
    return create_app()


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None,
          workers: int = 1) -> None:
    """Run the dashboard with uvicorn until interrupted, printing its address first.

    With `workers` > 1, uvicorn runs that many processes; they share one
    session key (made here unless the setting `secret_key` is set).
    """
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    if workers > 1:
        os.environ[settings.SETTINGS["db"].env] = db or settings.get("db")
        key = settings.SETTINGS["secret_key"].env
        os.environ[key] = os.environ.get(key) or secrets.token_urlsafe(32)
        create_app().state.store.close()  # migrate and index once, before the workers start
        print(f"otkaz dashboard at http://{shown}:{port}/ ({workers} workers; API explorer "
              "at /docs); Ctrl-C stops it", flush=True)
        uvicorn.run("otkaz.web.app:app_from_settings", factory=True, host=host, port=port,
                    workers=workers, **UVICORN_OPTIONS)
        return
    app = create_app(db)
    print(f"otkaz dashboard at http://{shown}:{port}/ (API explorer at /docs); Ctrl-C stops it",
          flush=True)
    uvicorn.run(app, host=host, port=port, **UVICORN_OPTIONS)
