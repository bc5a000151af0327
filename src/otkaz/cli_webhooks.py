"""`otkaz webhook ...`: POST new and changed cases of a saved filter to a URL.

    $ otkaz webhook add newsroom https://example.org/hook --filter "force=rosgvardia&place=Omsk"
    $ printf '%s\\n' "$SECRET" | otkaz webhook add signed https://example.org/h --secret-stdin
    $ otkaz webhook list
    $ otkaz webhook send --base-url https://otkaz.example     # e.g. from cron, after ingest
    $ otkaz webhook remove newsroom

A secret is never an argument (it would stay in the shell's history and show in
`ps`): it is read from the first line of standard input. The payload, the
signature and the retries are described in otkaz.notify.deliver.

otkaz.cli imports this module last and adds `webhook_app` to its command group.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from otkaz import settings
from otkaz.cli import DbOption, _fail, _open, err, out
from otkaz.cli_text import plural
from otkaz.errors import OtkazError

if TYPE_CHECKING:
    from otkaz.notify.deliver import DeliveryReport

webhook_app = typer.Typer(help="Webhooks: POST the new and changed cases of a saved filter "
                               "to a URL.", no_args_is_help=True)

WebhookName = Annotated[str, typer.Argument(help="The webhook's name, e.g. newsroom.")]


def _stamp(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


@webhook_app.command("add")
def webhook_add(
    name: WebhookName,
    url: Annotated[str, typer.Argument(help="Where to POST: an http:// or https:// URL.")],
    filter: Annotated[str, typer.Option(
        "--filter", metavar="QUERY", help="The case list's filter as a query string, as in "
        "/cases?...: force=rosgvardia&place=Omsk (default: every live case).")] = "",
    secret_stdin: Annotated[bool, typer.Option(
        "--secret-stdin", help="Read a secret from the first line of standard input; each "
        "POST then carries X-Otkaz-Signature: sha256=HMAC of its body.")] = False,
    backlog: Annotated[bool, typer.Option(
        "--backlog", help="Deliver every case the filter matches now on the first send; "
                          "without it, only cases that change from now on.")] = False,
    db: DbOption = None,
) -> None:
    """Save a webhook for a case-list filter; `otkaz webhook send` delivers to it."""
    from otkaz.notify.webhooks import add_webhook

    secret = None
    if secret_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
        if not secret:
            raise _fail("--secret-stdin: standard input holds no secret line")
    with _open(db) as store:
        try:
            hook = add_webhook(store, name, url, filter, secret, backlog=backlog)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    start = "every matching case" if backlog else "the cases that change from now on"
    out.print(f"webhook {hook.name} added: {hook.filter or 'every live case'} to {hook.url}, "
              f"{'signed' if hook.secret else 'unsigned'}; the next send delivers {start}",
              highlight=False, soft_wrap=True)


@webhook_app.command("list")
def webhook_list(db: DbOption = None) -> None:
    """List webhooks: name, URL, filter, signed, last delivery, failures, last error."""
    from otkaz.notify.webhooks import list_webhooks

    with _open(db) as store:
        hooks = list_webhooks(store)
    table = Table(title=plural(len(hooks), "webhook"))
    for column in ("name", "url", "filter", "signed", "up to case", "last sent (UTC)",
                   "failures", "last error"):
        table.add_column(column, justify="right" if column == "failures" else "left",
                         overflow="fold")
    for h in hooks:
        reached = "" if h.cursor is None else str(h.cursor.case_id)
        table.add_row(h.name, h.url, h.filter or "(every live case)",
                      "yes" if h.secret else "no", reached, _stamp(h.last_delivery) or "never",
                      str(h.failures), h.last_error or "")
    out.print(table)


@webhook_app.command("remove")
def webhook_remove(name: WebhookName, db: DbOption = None) -> None:
    """Remove a webhook (nothing more is sent to it)."""
    from otkaz.notify.webhooks import remove_webhook

    with _open(db) as store:
        try:
            hook = remove_webhook(store, name)
        except OtkazError as e:
            raise _fail(e.one_line()) from None
    out.print(f"webhook {hook.name} removed ({hook.url})", highlight=False)


@webhook_app.command("send")
def webhook_send(
    base_url: Annotated[str, typer.Option(
        "--base-url", metavar="URL", help="The dashboard's public address, which makes each "
        "case's `url` absolute (default: relative, /cases/12).")] = "",
    timeout: Annotated[float | None, typer.Option(
        "--timeout", metavar="SECONDS", help="Seconds a POST may take (default: the "
        "fetch_timeout setting).", show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """POST to every webhook the cases changed since its last delivery; exit 1 if one failed."""
    import httpx

    from otkaz.notify.deliver import deliver_webhooks

    seconds = timeout if timeout is not None else float(settings.get("fetch_timeout"))
    with _open(db) as store, httpx.Client(timeout=seconds) as client:
        report = deliver_webhooks(store, client, base_url=base_url)
    if not report.webhooks:
        out.print("no webhooks (add one with: otkaz webhook add NAME URL)", highlight=False)
    print_deliveries(report)
    if report.failed:
        raise typer.Exit(1)


def print_deliveries(report: DeliveryReport, prefix: str = "") -> None:
    """One line per webhook of a delivery round (failures on stderr)."""
    for w in report.webhooks:
        sent = f"{plural(w.cases, 'case')} in {plural(w.posts, 'POST')}" if w.posts \
            else "nothing new" if w.error is None else "nothing delivered"
        if w.error is None:
            out.print(f"{prefix}{w.name}: {sent}", highlight=False)
        else:
            err.print(f"{prefix}{w.name}: {sent}; failed: {w.error} (tried again next time)",
                      highlight=False, soft_wrap=True)
