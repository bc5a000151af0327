"""Reviewer accounts (argon2id password hashes), sessions and CSRF tokens.

    >>> create_user(store, "anna", "correct horse")      # doctest: +SKIP
    >>> verify_user(store, "anna", "correct horse")      # doctest: +SKIP
    True

A session is a signed cookie (Starlette's SessionMiddleware) that holds the
signed-in user's name and a random CSRF token. Every POST must carry that token,
either as the form field `csrf_token` or, for htmx and API clients, as the
header `X-CSRF-Token`.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from otkaz.errors import OtkazError
from otkaz.store.schema import users

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_NAME = 64

_hasher = PasswordHasher()  # argon2id with a random salt per hash (argon2-cffi's defaults)


class HasEngine(Protocol):
    engine: Engine


class UserError(OtkazError):
    """A user could not be created (bad name or password, or the name is taken)."""

    code = "E410"


def create_user(store: HasEngine, name: str, password: str, *, replace: bool = False) -> None:
    """Add reviewer `name` with `password` (hashed with argon2id); `replace` resets a password."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError(f"bad user name {name!r}: 1 to {MAX_NAME} visible characters, no spaces")
    if len(password) < 8:
        raise UserError(f"password for {name!r} is too short (at least 8 characters)")
    hashed = _hasher.hash(password)
    with store.engine.begin() as conn:
        exists = conn.execute(select(users.c.id).where(users.c.name == name)).first()
        if exists and not replace:
            raise UserError(f"user {name!r} already exists")
        if exists:
            conn.execute(update(users).where(users.c.name == name)
                         .values(password_hash=hashed))
        else:
            conn.execute(insert(users).values(name=name, password_hash=hashed,
                                              created_at=datetime.now(UTC)))


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


async def require_reviewer(request: Request) -> str:
    """The signed-in user for a write, after the CSRF check; 401 when nobody is signed in."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "Sign in to review cases.")
    await check_csrf(request)
    return user
