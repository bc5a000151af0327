"""Deliver to every webhook the cases changed since its cursor, as signed JSON POSTs.

    >>> with httpx.Client(timeout=15) as client:                        # doctest: +SKIP
    ...     report = deliver_webhooks(store, client, base_url="https://otkaz.example")
    >>> report.failed                                                   # doctest: +SKIP
    []

One POST per batch of up to BATCH cases, oldest change first:

    POST <webhook url>
    Content-Type: application/json
    X-Otkaz-Webhook: newsroom
    X-Otkaz-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>   (with a secret)

    {"webhook": "newsroom", "filter": "force=rosgvardia", "sent_at": "2024-05-01T09:30:05Z",
     "cases": [{"id": 12, "url": "https://otkaz.example/cases/12", "title": "...",
                "status": "machine", "type": "refusal", "force": "rosgvardia", ...,
                "created": "...", "updated": "2024-05-01T09:29:58Z"}]}

(each case is notices.CaseNotice.to_json). A network error, a 5xx or a 429 is
tried again, up to ATTEMPTS times in all, waiting BACKOFF seconds and then
twice as long each time (or what a Retry-After of seconds asks, up to
MAX_WAIT). The cursor moves past a batch only after a 2xx; any other answer
ends this webhook's round, counts a failure and keeps the error, and the next
round starts again from the same case. A receiver may so see a batch twice
(its 2xx was lost): each case's `id` and `updated` tell a repeat.

A filter keeps its meaning: by default it lists live cases, so a case that a
reviewer rejects or merges is not sent again (`status=all` tells of those too).
Run one `send` at a time per store: two at once may post a batch twice. On
PostgreSQL, a writer that commits a case whose `updated_at` is older than a
cursor already moved past it is missed until that case changes again (SQLite's
single writer orders commits and times alike).

`clock` and `sleep` are injectable, so tests need neither a network nor time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from otkaz import settings
from otkaz.notify.notices import CaseNotice, changed_since, rfc3339
from otkaz.notify.webhooks import (
    HasEngine,
    Webhook,
    WebhookError,
    list_webhooks,
    record_failure,
    record_success,
)
from otkaz.web import search

__all__ = ["DeliveryReport", "WebhookDelivery", "deliver_webhooks", "payload_bytes",
           "signature"]

BATCH = 100  # cases per POST
ATTEMPTS = 4  # tries per POST, the first included
BACKOFF = 1.0  # seconds before the first retry; doubled for each next one
MAX_WAIT = 60.0  # longest wait between tries, whatever Retry-After says
ERROR_CHARS = 300  # a kept error is cut to this length


@dataclass(frozen=True)
class WebhookDelivery:
    """What one webhook's round did: POSTs answered 2xx, cases in them, HTTP tries."""

    name: str
    posts: int = 0
    cases: int = 0
    attempts: int = 0
    error: str | None = None  # why the round stopped early; None when all was delivered


@dataclass(frozen=True)
class DeliveryReport:
    """The round of every webhook, in the order they were added."""

    webhooks: tuple[WebhookDelivery, ...]

    @property
    def failed(self) -> list[WebhookDelivery]:
        return [w for w in self.webhooks if w.error is not None]

    @property
    def cases(self) -> int:
        return sum(w.cases for w in self.webhooks)


def _now() -> datetime:
    return datetime.now(UTC)


def signature(secret: str, body: bytes) -> str:
    """The X-Otkaz-Signature header value of `body`.

        >>> signature("s3cret", b'{"cases":[]}')[:15]
        'sha256=d2f8a490'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload_bytes(hook: Webhook, notices: Sequence[CaseNotice], base_url: str,
                  sent_at: datetime) -> bytes:
    """The JSON body of one POST (see the module), as UTF-8 bytes."""
    data = {"webhook": hook.name, "filter": hook.filter, "sent_at": rfc3339(sent_at),
            "cases": [n.to_json(base_url) for n in notices]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else None  # an HTTP date: our own backoff


def _post(client: httpx.Client, url: str, body: bytes, headers: dict[str, str],
          attempts: int, backoff: float, sleep: Callable[[float], None]
          ) -> tuple[str | None, int]:
    """POST until a 2xx or a final failure: (None or the error, tries made)."""
    error = "no attempt made"
    for attempt in range(1, attempts + 1):
        wait: float | None = None
        try:
            response = client.post(url, content=body, headers=headers)
        except httpx.TransportError as e:  # refused, reset, timed out...: worth another try
            error = f"{type(e).__name__}: {e}"
        except httpx.HTTPError as e:
            return f"{type(e).__name__}: {e}"[:ERROR_CHARS], attempt
        else:
            if response.is_success:
                return None, attempt
            error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            if response.status_code < 500 and response.status_code != 429:
                return error, attempt  # the receiver refuses this: a retry would not help
            wait = _retry_after(response)
        if attempt < attempts:
            sleep(min(MAX_WAIT, wait if wait is not None else backoff * 2 ** (attempt - 1)))
    return f"{error} (after {attempts} tries)"[:ERROR_CHARS], attempts


def _deliver_one(store: HasEngine, client: httpx.Client, hook: Webhook, *, base_url: str,
                 batch: int, attempts: int, backoff: float,
                 clock: Callable[[], datetime], sleep: Callable[[float], None]
                 ) -> WebhookDelivery:
    engine = store.engine
    try:
        f = hook.case_filter()
    except WebhookError as e:  # saved by an older otkaz whose filters read otherwise
        record_failure(engine, hook.id, e.one_line())
        return WebhookDelivery(hook.name, error=e.one_line())
    if f.q or f.outcome:
        search.refresh(engine)  # the full-text and outcome tables the filter reads
    headers = {"Content-Type": "application/json", "User-Agent": settings.get("user_agent"),
               "X-Otkaz-Webhook": hook.name.encode("ascii", "replace").decode()}
    cursor, posts, cases, tries = hook.cursor, 0, 0, 0
    while True:
        with engine.connect() as conn:
            notices = changed_since(conn, f, cursor, batch)
        if not notices:
            break
        body = payload_bytes(hook, notices, base_url, clock())
        if hook.secret:
            headers["X-Otkaz-Signature"] = signature(hook.secret, body)
        error, made = _post(client, hook.url, body, headers, attempts, backoff, sleep)
        tries += made
        if error is not None:
            record_failure(engine, hook.id, error)
            return WebhookDelivery(hook.name, posts, cases, tries, error)
        cursor = notices[-1].cursor
        record_success(engine, hook.id, cursor, clock())
        posts, cases = posts + 1, cases + len(notices)
        if len(notices) < batch:
            break
    return WebhookDelivery(hook.name, posts, cases, tries)


def deliver_webhooks(store: HasEngine, client: httpx.Client, *,
                     clock: Callable[[], datetime] = _now,
                     sleep: Callable[[float], None] = time.sleep, base_url: str = "",
                     batch: int = BATCH, attempts: int = ATTEMPTS, backoff: float = BACKOFF
                     ) -> DeliveryReport:
    """POST to every webhook the cases changed since its cursor; what each round did.

    `client` sends the requests (its timeout is theirs; tests give it an
    httpx.MockTransport); `base_url` makes the cases' `url` absolute
    (relative, /cases/12, without one). One webhook's failure never stops the
    others.
    """
    if batch < 1 or attempts < 1:
        raise ValueError("batch and attempts must be 1 or more")
    return DeliveryReport(tuple(
        _deliver_one(store, client, hook, base_url=base_url, batch=batch, attempts=attempts,
                     backoff=backoff, clock=clock, sleep=sleep)
        for hook in list_webhooks(store)))
