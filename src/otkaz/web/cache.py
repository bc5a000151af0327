"""Finished case-list responses for anonymous readers, keyed by data version and query.

    >>> cache = ResponseCache(size=2)
    >>> body, etag = cache.get(("v1", "q", "json"), lambda: b"{}")
    >>> body, etag[:3]
    (b'{}', 'W/"')

The key always holds the store's data version (search.data_version), so a write
makes every older entry unreachable; old entries fall out of the LRU. The ETag
is a hash of the body, so a client's If-None-Match gets a 304 for as long as
the answer is the same.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

RESPONSE_CACHE_SIZE = 1024


class Memo:
    """A thread-safe LRU of computed values by key (treat them as read-only); size 0 keeps none.

        >>> memo = Memo(size=8)
        >>> memo.get(("v1", "timeline"), lambda: {"months": []})
        {'months': []}
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = compute()
        if self.size:
            with self.lock:
                self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class ResponseCache(Memo):
    """A Memo of finished answers: (body, ETag) by key; `size` 0 keeps nothing."""

    def __init__(self, size: int = RESPONSE_CACHE_SIZE) -> None:
        super().__init__(size)

    def get(self, key: tuple[Any, ...], compute: Callable[[], bytes]) -> tuple[bytes, str]:
        """The cached (body, etag) for `key`, computing and keeping it when missing."""
        def entry() -> tuple[bytes, str]:
            body = compute()
            return body, f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'

        found: tuple[bytes, str] = super().get(key, entry)
        return found


def cached_response(request: Request, body: bytes, etag: str, media_type: str,
                    last_modified: datetime | None = None) -> Response:
    """The answer for `body`: 304 when the client already has this ETag, else 200.

    With `last_modified`, a Last-Modified header too, and a 304 for an
    If-Modified-Since at or after it when the client sends no If-None-Match
    (which, when sent, decides alone: RFC 9110, 13.2.2).
    """
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    sent_tags = request.headers.get("if-none-match")
    if sent_tags is not None:
        return etag in sent_tags
    since = request.headers.get("if-modified-since")
    if last_modified is None or not since:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):  # a malformed date is ignored, as RFC 9110 says
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= moment
