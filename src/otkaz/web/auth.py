"""Reviewer accounts (argon2id password hashes), sessions, CSRF tokens and API tokens.

    >>> create_user(store, "anna", "correct horse")      # doctest: +SKIP
    >>> verify_user(store, "anna", "correct horse")      # doctest: +SKIP
    True
    >>> [u.name for u in list_users(store)]              # doctest: +SKIP
    ['anna']

A session is a signed cookie (Starlette's SessionMiddleware) that holds the
signed-in user's name and a random CSRF token. Every POST from a session must
carry that token, either as the form field `csrf_token` or, for htmx, as the
header `X-CSRF-Token`. A script sends a personal API token instead
(`Authorization: Bearer TOKEN`, otkaz.web.tokens) and needs no CSRF token; an
unknown or revoked token is refused with 401, whatever the session says.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import delete, func, insert, select, update
from starlette.concurrency import run_in_threadpool

from otkaz.errors import OtkazError
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.rows import aware
from otkaz.store.schema import api_tokens, users
from otkaz.web.tokens import HasEngine, TokenRefused, revoke_user_tokens, token_user

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_NAME = 64

_hasher = PasswordHasher()  # argon2id with a random salt per hash (argon2-cffi's defaults)
# The API tokens' scheme, declared on every write route so that the OpenAPI description
# (/docs) shows it; read by hand in `request_user`, which also takes a session
BEARER = HTTPBearer(auto_error=False, scheme_name="HTTPBearer", description=(
    "A personal API token: `otkaz token create NAME --user USER` prints one. Send "
    "`Authorization: Bearer TOKEN`; no CSRF token is needed then. A signed-in browser "
    "session with its CSRF token works too."))


class UserError(OtkazError):
    """A user could not be created (bad name or password, or the name is taken)."""

    code = "E410"


def create_user(store: HasEngine, name: str, password: str, *, replace: bool = False) -> None:
    """Add reviewer `name` with `password` (hashed with argon2id); `replace` resets a password."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError(f"bad user name {name!r}: 1 to {MAX_NAME} visible characters, no spaces")
    _check_password(name, password)
    hashed = _hasher.hash(password)
    with store.engine.begin() as conn:
        exists = conn.execute(select(users.c.id).where(users.c.name == name)).first()
        if exists and not replace:
            raise UserError(f"user {name!r} already exists",
                            hint=f"change the password with: otkaz user passwd {name}")
        if exists:
            conn.execute(update(users).where(users.c.name == name)
                         .values(password_hash=hashed))
        else:
            conn.execute(insert(users).values(name=name, password_hash=hashed,
                                              created_at=datetime.now(UTC)))


def _check_password(name: str, password: str) -> None:
    if len(password) < 8:
        raise UserError(f"password for {name!r} is too short (at least 8 characters)")


@dataclass(frozen=True)
class Account:
    """A reviewer account as `otkaz user list` shows it (never the password hash)."""

    name: str
    created_at: datetime
    tokens: int  # live (not revoked) API tokens


def list_users(store: HasEngine) -> list[Account]:
    """Every reviewer account, by name, with how many live API tokens it has."""
    live = (select(api_tokens.c.user, func.count().label("n"))
            .where(api_tokens.c.revoked_at.is_(None)).group_by(api_tokens.c.user).subquery())
    query = (select(users.c.name, users.c.created_at, live.c.n)
             .outerjoin(live, live.c.user == users.c.name).order_by(users.c.name))
    with store.engine.connect() as conn:
        return [Account(r.name, aware(r.created_at), int(r.n or 0)) for r in conn.execute(query)]


def set_password(store: HasEngine, name: str, password: str) -> None:
    """Give the existing reviewer `name` a new password; UserError if there is no such user."""
    _check_password(name, password)
    hashed = _hasher.hash(password)
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            done = conn.execute(update(users).where(users.c.name == name.strip())
                                .values(password_hash=hashed))
            if done.rowcount != 1:
                raise UserError(f"no user {name!r}", hint="see the accounts with: otkaz user list")


def remove_user(store: HasEngine, name: str) -> int:
    """Remove reviewer `name` and revoke their API tokens; how many tokens were revoked.

    The review log keeps their name on what they did. UserError if there is no such user.
    """
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            done = conn.execute(delete(users).where(users.c.name == name.strip()))
            if done.rowcount != 1:
                raise UserError(f"no user {name!r}", hint="see the accounts with: otkaz user list")
            return revoke_user_tokens(conn, name.strip())


def verify_user(store: HasEngine, name: str, password: str) -> bool:
    """True when `name` exists and `password` is theirs (the hash is upgraded if outdated)."""
    with store.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)
                              .where(users.c.name == name.strip())).scalar()
    if stored is None:
        _hasher.hash(password)  # spend the same time as a real check: names don't leak by timing
        return False
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(stored):
        with store.engine.begin() as conn:
            conn.execute(update(users).where(users.c.name == name.strip())
                         .values(password_hash=_hasher.hash(password)))
    return True


def current_user(request: Request) -> str | None:
    """The signed-in user's name, or None."""
    user = request.session.get("user")
    return user if isinstance(user, str) else None


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def sign_in(request: Request, name: str) -> None:
    """Start a fresh session for `name` (a new CSRF token, nothing carried over)."""
    request.session.clear()
    request.session["user"] = name
    csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


async def check_csrf(request: Request) -> None:
    """Refuse (403) a POST whose CSRF token is missing or not this session's."""
    expected = request.session.get("csrf")
    sent: Any = request.headers.get(CSRF_HEADER)
    if not sent:
        form = await request.form()
        sent = form.get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str) \
            or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise HTTPException(403, "Missing or wrong CSRF token: reload the page and try again.")


def sent_token(request: Request) -> bool:
    """Whether the request carries credentials of its own (an Authorization header)."""
    return "authorization" in request.headers


async def token_request_user(request: Request) -> str:
    """The user of the request's API token; 401 (JSON `detail` with E412/E413) if it is none."""
    scheme, _, secret = request.headers.get("authorization", "").strip().partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise TokenRefused("the Authorization header must read: Bearer TOKEN")
        return await run_in_threadpool(token_user, request.app.state.store.engine,
                                       secret.strip())
    except TokenRefused as e:
        raise HTTPException(401, e.one_line(), headers={"WWW-Authenticate": "Bearer"}) from None


async def require_reviewer(
        request: Request,
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None) -> str:
    """Who makes a write: the API token's user, or the signed-in user after the CSRF check.

    401 when nobody is signed in, or the request's token is unknown or revoked.
    """
    if sent_token(request):  # a token decides alone: a bad one is refused, session or not
        return await token_request_user(request)
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "Sign in to review cases, or send an API token "
                                 "(Authorization: Bearer TOKEN).")
    await check_csrf(request)
    return user
