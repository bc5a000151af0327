"""`otkaz watch`: follow feeds and pages and ingest what is new; `otkaz watch status`.

    $ otkaz watch sources.txt --once        # poll what is due, once (cron, systemd timers)
    $ otkaz watch sources.txt               # poll forever, sleeping until a source is due
    $ otkaz watch status                    # each source: last success, errors, next poll

`otkaz watch FILE` is short for `otkaz watch run FILE`. SIGTERM or Ctrl-C stops
after the document in hand is stored, with a one-line summary (exit 0 after
SIGTERM, 130 after Ctrl-C); a second Ctrl-C stops at once.

Registered on the command group by otkaz.cli, which imports this module last.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from otkaz.cli import DbOption, _fail, _open, _print_notices, _report_error, app, out
from otkaz.cli_text import plural
from otkaz.errors import SourceError

if TYPE_CHECKING:
    from otkaz.watch import Round, SourceState, Watcher


class _WatchCommands(TyperGroup):
    """`otkaz watch FILE ...` runs `otkaz watch run FILE ...`; `status` stays a command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["run", *args]
        parsed: list[str] = super().parse_args(ctx, args)
        return parsed


watch_app = typer.Typer(help="Follow feeds and pages and ingest what is new (`otkaz watch "
                             "FILE` runs `otkaz watch run FILE`).",
                        no_args_is_help=True, cls=_WatchCommands)
app.add_typer(watch_app, name="watch")


@contextmanager
def _stopping_on_signals(watcher: Watcher) -> Iterator[dict[str, int]]:
    """SIGTERM and SIGINT ask `watcher` to stop after the document in hand; a second
    SIGINT interrupts at once. Yields {"signal": the first one received, else 0}."""
    got = {"signal": 0}
    if threading.current_thread() is not threading.main_thread():
        yield got  # signals reach the main thread only (an embedding program's thread)
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if got["signal"] and signum == signal.SIGINT:
            raise KeyboardInterrupt
        got["signal"] = got["signal"] or signum
        watcher.stop()

    previous = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield got
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _stamp(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


@watch_app.command("run")
def watch_run(
    sources_file: Annotated[Path, typer.Argument(
        help="One source a line: URL [INTERVAL] (900s, 30m, 2h, 1d; default 1h); # comments.",
        show_default=False)],
    once: Annotated[bool, typer.Option(
        "--once", help="Poll every source that is due once, then exit (for cron or a "
                       "systemd timer).")] = False,
    webhooks: Annotated[bool, typer.Option(
        "--webhooks/--no-webhooks", help="After a round that stored documents, POST the "
        "new and changed cases to the saved webhooks (`otkaz webhook send`).")] = True,
    db: DbOption = None,
) -> None:
    """Poll the sources in SOURCES_FILE and ingest what is new.

    Conditional GETs, a polite pace per host, robots.txt obeyed, backoff on errors;
    new documents are extracted, stored and linked as `otkaz ingest` does.
    """
    from otkaz.watch import Watcher, read_sources

    try:
        sources, problems = read_sources(sources_file)
    except SourceError as e:
        raise _fail(e.one_line()) from None
    for problem in problems:
        _report_error(problem)
    if not sources:
        raise _fail(f"{sources_file}: no sources to watch (one URL a line, e.g. "
                    "https://example.org/rss 30m)")
    store = _open(db)
    rounds: list[Round] = []
    with store, Watcher(store, sources, on_error=_report_error) as watcher, \
            _stopping_on_signals(watcher) as got:
        def report(r: Round) -> None:
            rounds.append(r)
            when = "" if once else f"[{watcher.clock.now():%Y-%m-%d %H:%M:%S} UTC] "
            out.print(when + r.line(), highlight=False, soft_wrap=True)
            _print_notices(r.summary)
            if webhooks and r.summary.stored:
                _tell_webhooks(store, "webhook ")

        if once:
            report(watcher.poll_due())
        else:
            watcher.run(report)
    if not once or got["signal"]:
        out.print(_total(rounds, got["signal"]), highlight=False, soft_wrap=True)
    if got["signal"] == signal.SIGINT:
        raise typer.Exit(130)
    if problems or (once and any(r.summary.failed for r in rounds)):
        raise typer.Exit(1)


def _tell_webhooks(store: Any, prefix: str) -> None:
    """Deliver the saved webhooks' new and changed cases, if any webhook is saved."""
    import httpx

    from otkaz import settings
    from otkaz.cli_webhooks import print_deliveries
    from otkaz.notify.deliver import deliver_webhooks
    from otkaz.notify.webhooks import list_webhooks

    if not list_webhooks(store):
        return
    with httpx.Client(timeout=float(settings.get("fetch_timeout"))) as client:
        print_deliveries(deliver_webhooks(store, client), prefix)


def _total(rounds: list[Round], signum: int) -> str:
    """The one line a stopped watch ends with."""
    why = {int(signal.SIGTERM): "SIGTERM", int(signal.SIGINT): "Ctrl-C"}.get(signum, "stop")
    counts = [plural(sum(r.summary.stored for r in rounds), "new document"),
              f"{sum(r.summary.unchanged for r in rounds)} unchanged",
              plural(sum(r.summary.incidents for r in rounds), "new incident"),
              plural(sum(r.new_cases for r in rounds), "new case"),
              plural(sum(r.summary.failed for r in rounds), "error")]
    return (f"watch stopped ({why}) after {plural(len(rounds), 'round')}: "
            f"{', '.join(counts)}; what was stored is kept")


def status_row(s: SourceState, now: datetime) -> list[str]:
    """What the status table shows of one source, as strings."""
    due = "now" if s.next_due is None or s.next_due <= now else _stamp(s.next_due)
    error = (s.last_error or "").replace(f" {s.url}: ", " ", 1)  # the row names the URL
    return [s.url, _stamp(s.last_success) or "never", error, str(s.failures),
            str(s.documents), due]


@watch_app.command("status")
def watch_status(db: DbOption = None) -> None:
    """List the watched sources and how their polls went.

    For each: last success, last error, failures in a row, documents brought, next poll.
    """
    from otkaz.watch import SystemClock, all_sources

    store = _open(db)
    with store:
        states = all_sources(store)
    if not states:
        out.print("no sources watched yet: run otkaz watch SOURCES_FILE", highlight=False)
        return
    table = Table("Source", "Last success", "Last error", "Failures", "Documents", "Next due")
    table.columns[0].overflow = "fold"  # a URL is shown whole, over several lines if need be
    now = SystemClock().now()
    for s in states:
        table.add_row(*status_row(s, now))
    out.print(table)
