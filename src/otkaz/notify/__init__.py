"""Being told: new and changed cases of a filter, for feed readers and webhooks.

    >>> from otkaz.notify import deliver_webhooks                      # doctest: +SKIP
    >>> with httpx.Client(timeout=15) as client:                      # doctest: +SKIP
    ...     report = deliver_webhooks(store, client)

`notices` reads cases as typed records; `webhooks` keeps the saved filters and
their cursors; `deliver` posts what changed. The Atom feed is otkaz.web.atom.
Names load on first use, so the web pages that read notices do not load httpx.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["DeliveryReport", "Webhook", "WebhookDelivery", "WebhookError", "add_webhook",
           "deliver_webhooks", "list_webhooks", "remove_webhook"]

_HOMES = {"DeliveryReport": "deliver", "WebhookDelivery": "deliver",
          "deliver_webhooks": "deliver", "Webhook": "webhooks", "WebhookError": "webhooks",
          "add_webhook": "webhooks", "list_webhooks": "webhooks", "remove_webhook": "webhooks"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'otkaz.notify' has no attribute {name!r}")
    return getattr(import_module(f"otkaz.notify.{_HOMES[name]}"), name)
