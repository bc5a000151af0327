"""What every route shares: rendering a page, reading the store, the sign-in rule.

    >>> wants_json(request)          # doctest: +SKIP
    False
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from otkaz.store import Store
from otkaz.web.auth import (
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_token,
    current_user,
    sent_token,
    token_request_user,
)


class LoginRequired(Exception):
    """Reading needs a signed-in user here (setting `read_requires_login`)."""


def wants_json(request: Request) -> bool:
    """Whether to answer in JSON: a `.json` path, an API client that asks for JSON, or a
    script that sends an API token (it gets JSON answers and errors, never a redirect)."""
    accept = request.headers.get("accept", "")
    return request.url.path.endswith(".json") or sent_token(request) or (
        "application/json" in accept and "text/html" not in accept)


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    """A page from `template`, with the signed-in user and the CSRF token filled in."""
    templates: Jinja2Templates = request.app.state.templates
    user = current_user(request)
    # anonymous readers get no session (no cookie to sign) unless a form needs the token
    needs_token = user is not None or "csrf" in request.session or template == "login.html"
    context |= {"user": user, "csrf_token": csrf_token(request) if needs_token else "",
                "csrf_field": CSRF_FIELD, "csrf_header": CSRF_HEADER,
                "read_requires_login": request.app.state.read_requires_login,
                "flash": request.session.pop("flash", None)}
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def require_reader(request: Request) -> None:
    """Dependency of every read route: sign-in (or an API token) first when the setting
    asks for it."""
    if request.app.state.read_requires_login and current_user(request) is None:
        if sent_token(request):
            await token_request_user(request)  # 401 unless the token is good
            return
        raise LoginRequired()
