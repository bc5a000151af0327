"""Personal API tokens: scripts write through the API with `Authorization: Bearer TOKEN`.

    >>> token, secret = create_token(store, "nightly import", user="anna")  # doctest: +SKIP
    >>> token_user(store.engine, secret)                                     # doctest: +SKIP
    'anna'
    >>> revoke_token(store, token.id).revoked                                # doctest: +SKIP
    True

A token is `secrets.token_urlsafe(32)` (256 random bits), shown once when made;
the store keeps only its SHA-256 (`api_tokens.token_hash`), so a copy of the
database gives no token that works. A fast hash is enough here, unlike for
passwords: the secret is random and long, so there is nothing to guess from a
dictionary. A token acts as its user: the review log names that user.

A request with a token needs no CSRF token: a browser never adds an
Authorization header to a request another site makes it send (and the app
allows no cross-origin requests), which is the attack CSRF tokens stop.

Errors: E411 a token cannot be made or revoked as asked (CLI); E412 an unknown
or malformed token, E413 a revoked one (HTTP 401 with a JSON `detail`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, insert, select, update

from otkaz.errors import OtkazError
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.rows import aware
from otkaz.store.schema import api_tokens, users

MAX_NAME = 64
# `last_used_at` is written at most this often per token, so that a script reading
# through the API does not turn every request into a write (SQLite has one writer)
LAST_USED_EVERY = timedelta(seconds=60)


class HasEngine(Protocol):
    """A Store, or anything else with an `engine` (what accounts and tokens need)."""

    engine: Engine


class TokenError(OtkazError):
    """A token could not be made or revoked as asked (bad name, unknown user or id)."""

    code = "E411"


class TokenRefused(OtkazError):
    """A request's token does not let it in: E412 unknown or malformed, E413 revoked."""

    code = "E412"


@dataclass(frozen=True)
class ApiToken:
    """One stored token, without its secret (the store never has it)."""

    id: int
    name: str
    user: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def hash_token(secret: str) -> str:
    """The hex SHA-256 the store keeps for `secret`.

        >>> hash_token("abc")[:16]
        'ba7816bf8f01cfea'
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def _when(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def _token(row: Any) -> ApiToken:
    return ApiToken(id=row.id, name=row.name, user=row.user, created_at=aware(row.created_at),
                    last_used_at=_when(row.last_used_at), revoked_at=_when(row.revoked_at))


def _now() -> datetime:
    return datetime.now(UTC)


def create_token(store: HasEngine, name: str, user: str) -> tuple[ApiToken, str]:
    """A new token named `name` acting as reviewer `user`: (its record, its secret).

    The secret is returned only here; show it once. TokenError when the name is
    blank or too long, or `user` has no account.
    """
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise TokenError(f"bad token name {name!r}: 1 to {MAX_NAME} visible characters")
    secret = secrets.token_urlsafe(32)
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.execute(select(users.c.id).where(users.c.name == user.strip())).first() \
                    is None:
                raise TokenError(f"no user {user!r}",
                                 hint="add the account first: otkaz user add NAME")
            token_id = conn.execute(insert(api_tokens).values(
                name=name, user=user.strip(), token_hash=hash_token(secret),
                created_at=_now())).inserted_primary_key
            assert token_id is not None
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id[0])).one()
    return _token(row), secret


def list_tokens(store: HasEngine, user: str | None = None) -> list[ApiToken]:
    """Every token (or `user`'s), revoked ones included, oldest first."""
    query = select(api_tokens).order_by(api_tokens.c.id)
    if user is not None:
        query = query.where(api_tokens.c.user == user)
    with store.engine.connect() as conn:
        return [_token(r) for r in conn.execute(query)]


def revoke_token(store: HasEngine, token_id: int) -> ApiToken:
    """Revoke token `token_id` (a revoked one stays revoked as it was); TokenError if none."""
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            conn.execute(update(api_tokens).where(api_tokens.c.id == token_id,
                                                  api_tokens.c.revoked_at.is_(None))
                         .values(revoked_at=_now()))
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    if row is None:
        raise TokenError(f"no token {token_id}", hint="see the ids with: otkaz token list")
    return _token(row)


def revoke_user_tokens(conn: Any, user: str) -> int:
    """Revoke every live token of `user` in transaction `conn`; how many (user removal)."""
    result = conn.execute(update(api_tokens).where(api_tokens.c.user == user,
                                                   api_tokens.c.revoked_at.is_(None))
                          .values(revoked_at=_now()))
    return int(result.rowcount)


def token_user(engine: Engine, secret: str) -> str:
    """The user a request's token acts as; TokenRefused (E412, E413) when it lets nobody in.

    Records when the token was last used (at most once a minute, LAST_USED_EVERY).
    """
    if not secret:
        raise TokenRefused("empty API token: send Authorization: Bearer TOKEN")
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens)
                           .where(api_tokens.c.token_hash == hash_token(secret))).first()
    if row is None:
        raise TokenRefused("unknown API token", hint="make one with: otkaz token create NAME "
                                                     "--user USER")
    token = _token(row)
    if token.revoked_at is not None:
        raise TokenRefused(f"API token {token.id} ({token.name}) was revoked on "
                           f"{token.revoked_at:%Y-%m-%d %H:%M} UTC", "E413",
                           hint="make a new one with: otkaz token create NAME --user USER")
    now = _now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                conn.execute(update(api_tokens).where(api_tokens.c.id == token.id)
                             .values(last_used_at=now))
    return token.user
