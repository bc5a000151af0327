"""Being told: new and changed cases of a filter, as notices for feeds and webhooks.

    >>> from otkaz.notify import deliver_webhooks                      # doctest: +SKIP
    >>> report = deliver_webhooks(store, httpx.Client(timeout=15))    # doctest: +SKIP

`notices` reads cases as typed records; `webhooks` keeps the saved filters and
their cursors; `deliver` posts what changed. The Atom feed is otkaz.web.atom.
"""
