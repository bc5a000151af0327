"""Saved webhooks: a URL, a case-list filter, an optional secret and a delivery cursor.

    >>> hook = add_webhook(store, "newsroom", "https://example.org/hook",
    ...                    "force=rosgvardia&place=Omsk", secret="s3cret")  # doctest: +SKIP
    >>> [h.name for h in list_webhooks(store)]                              # doctest: +SKIP
    ['newsroom']
    >>> remove_webhook(store, "newsroom").url                               # doctest: +SKIP
    'https://example.org/hook'

The filter is the case list's query string (`/cases?force=navy&q=refused`),
checked as the case list checks it and kept in its canonical form; sort,
order, page and per_page mean nothing to a webhook and are refused. A new
webhook starts at the store's newest case (it tells of what changes from now
on) unless `backlog` asks for every matching case first.

Errors: E421 a webhook that cannot be added as given (name, URL, filter), E422
no webhook of that name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import Connection, Engine, delete, insert, select, update

from otkaz.errors import OtkazError
from otkaz.notify.notices import Cursor, latest_cursor
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.rows import aware
from otkaz.store.schema import webhooks
from otkaz.web.queries import FILTER_NAMES, CaseFilter, FilterError, filter_from_params

MAX_NAME = 64
PAGING = ("sort", "order", "page", "per_page")  # case-list parameters a webhook refuses


class HasEngine(Protocol):
    """A Store, or anything else with an `engine`."""

    engine: Engine


class WebhookError(OtkazError):
    """A webhook cannot be added as given (E421) or there is none of that name (E422)."""

    code = "E421"


@dataclass(frozen=True)
class Webhook:
    """One saved webhook; `secret` never shows in its repr."""

    id: int
    name: str
    url: str
    filter: str  # canonical case-list query string ("" for every live case)
    secret: str | None = field(repr=False)
    created_at: datetime
    cursor: Cursor | None  # the last delivered case; None: nothing delivered yet
    failures: int  # failed sends since the last success
    last_error: str | None
    last_delivery: datetime | None

    def case_filter(self) -> CaseFilter:
        """The saved filter as a CaseFilter (WebhookError if it no longer reads)."""
        return webhook_filter(self.filter)


def _now() -> datetime:
    return datetime.now(UTC)


def _when(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def webhook(row: Any) -> Webhook:
    cursor = None
    if row.cursor_updated_at is not None and row.cursor_case_id is not None:
        cursor = Cursor(aware(row.cursor_updated_at), int(row.cursor_case_id))
    return Webhook(id=row.id, name=row.name, url=row.url, filter=row.filter, secret=row.secret,
                   created_at=aware(row.created_at), cursor=cursor, failures=row.failures,
                   last_error=row.last_error, last_delivery=_when(row.last_delivery))


def webhook_filter(query: str) -> CaseFilter:
    """The case filter of a webhook's query string; WebhookError (E421) naming what is wrong.

        >>> webhook_filter("?force=navy&place=Sevastopol").query_string()
        'force=navy&place=Sevastopol'
        >>> webhook_filter("sort=count")
        Traceback (most recent call last):
        ...
        otkaz.notify.webhooks.WebhookError: [E421] bad filter 'sort=count': sort does not \
apply to a webhook, which is told of every change
    """
    text = query.strip().removeprefix("?")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError as e:
        raise WebhookError(f"bad filter {query!r}: not a query string such as "
                           "force=rosgvardia&place=Omsk") from e
    names = [name for name, _ in pairs]
    unknown = sorted(set(names) - FILTER_NAMES)
    if unknown:
        raise WebhookError(f"bad filter {query!r}: unknown parameter {', '.join(unknown)}: "
                           f"use {', '.join(sorted(FILTER_NAMES - set(PAGING)))}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    paging = [n for n in PAGING if n in names]
    if repeated:
        raise WebhookError(f"bad filter {query!r}: {', '.join(repeated)} given twice")
    if paging:
        raise WebhookError(f"bad filter {query!r}: {', '.join(paging)} does not apply to a "
                           "webhook, which is told of every change")
    try:
        return filter_from_params(dict(pairs))
    except FilterError as e:
        raise WebhookError(f"bad filter {query!r}: {e}") from e


def _checked_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(f"bad webhook URL {url!r}: use http:// or https:// and a host")
    return url


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise WebhookError(f"bad webhook name {name!r}: 1 to {MAX_NAME} visible characters")
    return name


def _write(engine: Engine) -> Connection:
    conn = engine.connect()
    conn.execution_options(**{WRITE_OPTION: True})  # SQLite: BEGIN IMMEDIATE
    return conn


def add_webhook(store: HasEngine, name: str, url: str, filter: str = "",
                secret: str | None = None, *, backlog: bool = False,
                clock: Callable[[], datetime] = _now) -> Webhook:
    """Save a webhook; it starts at the newest case unless `backlog` (then from the first).

    WebhookError (E421) for a blank or taken name, a URL that is not http(s), or
    a filter the case list would refuse.
    """
    name, url = _checked_name(name), _checked_url(url)
    query = webhook_filter(filter).query_string()
    with _write(store.engine) as conn, conn.begin():
        if conn.execute(select(webhooks.c.id).where(webhooks.c.name == name)).first():
            raise WebhookError(f"a webhook named {name!r} exists",
                               hint="pick another name, or remove it first: "
                                    f"otkaz webhook remove {name!r}")
        start = None if backlog else latest_cursor(conn)
        new_id = conn.execute(insert(webhooks).values(
            name=name, url=url, filter=query, secret=secret or None, created_at=clock(),
            cursor_updated_at=start.updated if start else None,
            cursor_case_id=start.case_id if start else None, failures=0)
        ).inserted_primary_key
        assert new_id is not None
        row = conn.execute(select(webhooks).where(webhooks.c.id == new_id[0])).one()
    return webhook(row)


def list_webhooks(store: HasEngine) -> list[Webhook]:
    """Every saved webhook, oldest first."""
    with store.engine.connect() as conn:
        return [webhook(r) for r in conn.execute(select(webhooks).order_by(webhooks.c.id))]


def remove_webhook(store: HasEngine, name: str) -> Webhook:
    """Remove the webhook `name`; what it was. WebhookError (E422) when there is none."""
    with _write(store.engine) as conn, conn.begin():
        row = conn.execute(select(webhooks).where(webhooks.c.name == name.strip())).first()
        if row is None:
            raise WebhookError(f"no webhook named {name!r}", "E422",
                               hint="see the names with: otkaz webhook list")
        conn.execute(delete(webhooks).where(webhooks.c.id == row.id))
    return webhook(row)


def record_success(engine: Engine, hook_id: int, cursor: Cursor, at: datetime) -> None:
    """A 2xx: move the cursor past the delivered cases, clear the failures."""
    with _write(engine) as conn, conn.begin():
        conn.execute(update(webhooks).where(webhooks.c.id == hook_id).values(
            cursor_updated_at=cursor.updated, cursor_case_id=cursor.case_id, failures=0,
            last_error=None, last_delivery=at))


def record_failure(engine: Engine, hook_id: int, error: str) -> None:
    """A send that failed: count it and keep the error; the cursor stays."""
    with _write(engine) as conn, conn.begin():
        conn.execute(update(webhooks).where(webhooks.c.id == hook_id).values(
            failures=webhooks.c.failures + 1, last_error=error))
