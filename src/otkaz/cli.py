"""The `otkaz` command line: a thin layer over the library.

    $ otkaz extract docs.jsonl -o reports.jsonl
    $ otkaz ingest articles/ feed.xml https://example.org/story --db sqlite:///otkaz.db
    $ otkaz cases --force rosgvardia --since 2022-02-24
    $ otkaz cases --min-confidence 0.5 --sort confidence --order asc

Each command parses its options, calls one library function, and turns
library errors into a one-line message and an exit code: 0 ok, 1 some
sources failed, 2 bad usage or unusable input (a store fault included),
130 interrupted (Ctrl-C). A fault of the database prints one line with a code
and a hint, and never SQL, stored text or secrets; `otkaz --debug COMMAND`
prints the traceback too.
"""

from __future__ import annotations

import json
import sys
import traceback
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from . import settings
from .cli_text import interrupted_extract, interrupted_ingest, plain_help, plural, shown_of
from .errors import OtkazError, SourceError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .store import Store

DEBUG = {"on": False}  # set by --debug: print tracebacks
OPENED = {"db": ""}  # the database URL the command opened, named in a fault's message


class _Commands(TyperGroup):
    """The command group; every command's errors end here as one line and an exit code.
    Help names what values are ("--since DATE"), not their Python types (cli_text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_help(self)

    def invoke(self, ctx: Any) -> Any:  # a Context of Typer's own copy of Click
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning  # as one line, while the command runs
                return super().invoke(ctx)
        except KeyboardInterrupt:
            err.print("interrupted: what was stored is kept; mentions not linked yet are linked "
                      "by the next ingest, reextract or serve, or by `otkaz relink`",
                      highlight=False, soft_wrap=True)
            raise typer.Exit(130) from None
        except Exception as e:  # noqa: BLE001 - every error becomes one line (--debug: more)
            if _is_cli_exit(e):
                raise  # an exit code, or a usage error the command-line parser prints
            if DEBUG["on"]:
                traceback.print_exc()
            raise _fail(_one_line(e)) from None


def _show_warning(message: Warning | str, category: type[Warning], *_: Any,
                  **__: Any) -> None:
    """A warning as one line on stderr: "warning: a.txt: encoding guessed as ..."."""
    err.print(f"[yellow]warning:[/yellow] {escape(str(message))}", highlight=False,
              soft_wrap=True)


def _is_cli_exit(e: Exception) -> bool:
    # Typer carries its own copy of Click, so its exceptions are told by their module
    return isinstance(e, typer.Exit | typer.Abort) or type(e).__module__.startswith(
        ("click", "typer"))


def _one_line(e: Exception) -> str:
    """An error as one line: an OtkazError's code, message and hint; a database fault
    classified (engine.store_error); anything else by its kind only (no SQL, no text)."""
    if isinstance(e, OtkazError):
        return e.one_line()
    from .store.store import DB_FAULTS

    if isinstance(e, DB_FAULTS):
        from .store.engine import store_error

        return store_error(e, OPENED["db"] or settings.get("db"), "use").one_line()
    return (f"[E000] unexpected {type(e).__name__} (hint: run again with --debug for the "
            "traceback, and report it)")


app = typer.Typer(help="Find, ground and link reports of servicemen refusing to fight or "
                       "deserting.", no_args_is_help=True, add_completion=False,
                  cls=_Commands)
documents_app = typer.Typer(help="List, show and delete stored documents.",
                            no_args_is_help=True)
app.add_typer(documents_app, name="documents")
import_app = typer.Typer(help="Import finished annotations (gold, and reviewers' decisions).",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", envvar="OTKAZ_DB", help=settings.SETTINGS["db"].help, show_default=False)]
WorkersOption = Annotated[int, typer.Option(
    help="Processes to extract with; 1 runs in this process.", min=1)]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", envvar="OTKAZ_DASK_SCHEDULER", metavar="ADDRESS",
    help="Extract on the workers of this Dask cluster (tcp://HOST:8786) instead of locally.",
    show_default=False)]


def _print_version(wanted: bool) -> None:
    if wanted:
        from . import __version__

        print(f"otkaz {__version__}")
        raise typer.Exit()


@app.callback()
def _main(debug: Annotated[bool, typer.Option(
        "--debug", help="On an error, print the traceback too.")] = False,
          version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_print_version,
        is_eager=True)] = False) -> None:
    """Find, ground and link reports of servicemen refusing to fight or deserting."""
    DEBUG["on"] = debug


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True,
              soft_wrap=True)
    return typer.Exit(code)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


def _report_error(e: SourceError) -> None:
    err.print(f"[yellow]skipped[/yellow] {e}", highlight=False, markup=True, soft_wrap=True)


@contextmanager
def _progress(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr, with a total when one is known (JSONL input); off
    when stderr is not a terminal, so logs and pipes get no bar."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def _open(db: str | None) -> Store:
    from .store import open_store

    OPENED["db"] = db or settings.get("db")
    try:
        return open_store(OPENED["db"])
    except OtkazError as e:
        if DEBUG["on"]:
            traceback.print_exc()
        raise _fail(e.one_line()) from None


@app.command()
def extract(
    docs: Annotated[str, typer.Argument(
        help="Documents as JSONL (docs/FORMAT.md input) or Parquet; - for stdin (JSONL).")],
    output: Annotated[str, typer.Option("-o", "--output", help="Reports as JSONL; - for stdout.")]
    = "-",
    link: Annotated[bool, typer.Option(
        "--link", help="Give mentions of one case across the batch the same incident_id.")]
    = False,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Extract incidents and figures from a JSONL (or .parquet) corpus into reports (no
    database).

    Input and output follow docs/FORMAT.md in the repository. The input is streamed in
    chunks, so its size is no limit; reports come out in input order.
    """
    from .batch import Summary, extract_jsonl
    from .ingest.jsonl import jsonl_total

    if docs != "-" and not Path(docs).exists():
        raise _fail(f"{docs}: no such file")
    stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    summary, extracted = Summary(), [0]
    try:
        with _progress("extracting", jsonl_total([docs])) as advance:
            def progressed(n: int) -> None:
                extracted[0] += n
                advance(n)

            extract_jsonl(docs, stream, link=link, workers=workers, scheduler=scheduler,
                          on_error=_advancing(_report_error, advance),
                          on_progress=progressed, summary=summary)
    except KeyboardInterrupt:
        err.print(interrupted_extract(extracted[0], summary.read, summary.written, output,
                                      link), highlight=False, soft_wrap=True)
        raise typer.Exit(130) from None
    finally:
        if stream is not sys.stdout:
            stream.close()
    err.print(f"{plural(summary.read, 'document')}, {plural(summary.incidents, 'incident')}, "
              f"{plural(summary.figures, 'figure')}, {summary.failed} failed", highlight=False)
    _print_notices(summary)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold reports as JSONL (docs/FORMAT.md).")],
    docs: Annotated[Path | None, typer.Option(
        help="The documents the gold was written for (default: docs.jsonl beside GOLD).",
        show_default=False)] = None,
    pred: Annotated[Path | None, typer.Option(
        help="Score these predictions (any tool's) instead of extracting the documents.",
        show_default=False)] = None,
    show: Annotated[bool, typer.Option(
        "--show", help="List every missed and extra item and every wrong field.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    save_pred: Annotated[Path | None, typer.Option(
        help="Write the predictions that were scored to this JSONL file.",
        show_default=False)] = None,
) -> None:
    """Score otkaz (extraction with linking, as `extract --link`) or a predictions file
    against your gold: detection, per-field, end-to-end, figures, linking B-cubed, grounding.

    The definitions are those of docs/FORMAT.md ("How ... compares").
    """
    from .evaluate import evaluate as run_evaluation

    _choice("--format", format, ("text", "json"))
    with _progress("extracting") as advance:
        result = run_evaluation(gold, docs, pred, show=show, save_pred=save_pred,
                                on_error=_report_error, on_progress=advance)
    if format == "json":
        typer.echo(json.dumps(result.to_dict(), indent=1))
        return
    if show and result.shown:
        typer.echo("\n".join(result.shown) + "\n")
    typer.echo(result.table())


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(
        help="Text/HTML/JSONL/RSS/Atom files, folders (recursive) and http(s) URLs.")],
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for sources without metadata, e.g. plain text.")]
    = None,
    include: Annotated[list[str] | None, typer.Option(
        "--include", help="In folders, read only files matching this glob ('*.txt'; with a "
                          "/ it matches the path inside the folder: '2024/*'). Repeatable.",
        show_default=False)] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="In folders, leave out files matching this glob. Repeatable.",
        show_default=False)] = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    db: DbOption = None,
) -> None:
    """Read sources, extract them and store documents, mentions and cases.

    From a folder only article files are read (.txt, .html, .htm, .xml, .rss, .atom,
    .jsonl, .parquet); the others (README.md, data.json, a .csv) are listed as skipped. A file
    named on its own of another type is an error.
    """
    from .batch import Summary, ingest_sources
    from .ingest.jsonl import jsonl_total

    when = _parse_date(published, "--published")
    store = _open(db)
    summary = Summary()
    with store:
        try:
            with _progress("ingesting", jsonl_total(sources)) as advance:
                ingest_sources(sources, store, published=when,
                               on_error=_advancing(_report_error, advance),
                               on_progress=advance, include=include or (),
                               exclude=exclude or (), workers=workers,
                               scheduler=scheduler, summary=summary)
        except KeyboardInterrupt:
            raise _interrupted(store, summary) from None
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def reextract(db: DbOption = None) -> None:
    """Extract stored documents again with this version of otkaz, then relink cases.

    Run it after upgrading: reviewers' decisions follow their mentions.
    """
    from .batch import reextract_stored

    store = _open(db)
    with store, _progress("re-extracting") as advance:
        summary = reextract_stored(store, on_error=_report_error, on_progress=advance)
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


def _advancing(on_error: Callable[[SourceError], None], advance: Callable[[int], None]
               ) -> Callable[[SourceError], None]:
    """`on_error` that also moves the bar: a bad line is one of the lines it counts."""
    def report(e: SourceError) -> None:
        on_error(e)
        advance(1)
    return report


def _interrupted(store: Store, summary: Any) -> typer.Exit:
    """Say what an interrupted ingest kept (one line); exit 130."""
    cases: int | None
    waiting: int | None
    try:
        cases, waiting = store.counts()["cases"], store.pending_links()
    except Exception:  # noqa: BLE001 - the store may be what was interrupted: say less
        cases = waiting = None
    err.print(interrupted_ingest(summary.stored, cases, waiting), highlight=False,
              soft_wrap=True)
    return typer.Exit(130)


def _print_summary(summary: Any) -> None:
    if getattr(summary, "healed", 0):
        out.print(f"linked {plural(summary.healed, 'mention')} an earlier, interrupted run "
                  "left waiting",
                  highlight=False)
    out.print(f"{plural(summary.read, 'document')} read, {summary.stored} stored "
              f"({plural(summary.incidents, 'incident')}, {plural(summary.figures, 'figure')}), "
              f"{summary.unchanged} already stored, {summary.failed} failed", highlight=False)
    _print_notices(summary)
    skipped = getattr(summary, "skipped", [])
    if skipped:  # files in the folders that were not read, so nobody wonders where they went
        out.print(f"{plural(len(skipped), 'file')} skipped:", highlight=False)
        for item in skipped:
            out.print(f"  {item}", highlight=False, soft_wrap=True)


def notice_lines(notices: dict[str, int]) -> list[str]:
    """One line per notice with its count: "3 documents in Ukrainian (uk) were not read"."""
    return [f"{n} {notice.replace('document', 'documents' if n != 1 else 'document', 1)}"
            .replace(" was ", " were " if n != 1 else " was ") for notice, n in notices.items()]


def _print_notices(summary: Any) -> None:
    for line in notice_lines(summary.notices):
        err.print(line, highlight=False)


def _count(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "?"
    if low == high:
        return str(low)
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return f"{low}–{high}"


def _when(start: Any, end: Any) -> str:
    """A compact date range: a day, a whole month ("2023-10"), a whole year, or start–end."""
    if not start:
        return ""
    start, end = date.fromisoformat(str(start)[:10]), date.fromisoformat(str(end or start)[:10])
    if start == end:
        return start.isoformat()
    next_day = date.fromordinal(end.toordinal() + 1)
    if start.day == 1 and next_day.day == 1:
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return str(start.year)
        if (start.year, start.month) == (end.year, end.month):
            return start.strftime("%Y-%m")
    return f"{start.isoformat()}–{end.isoformat()}"


def _confidence(value: float | None) -> str:
    """A confidence to two decimals, as the dashboard shows it; "?" when there is none."""
    return "?" if value is None else f"{value:.2f}"


def _case_facts(c: Any) -> dict[str, str]:
    """What the case list shows of one case (a link.records.CaseRecord), as strings."""
    return {
        "id": str(c.id), "type": c.type or "", "count": _count(c.count_low, c.count_high),
        "actor": c.actor or "", "force": c.force or "",
        "home": c.home or "", "place": c.place or "", "when": _when(c.when_start, c.when_end),
        "sources": ", ".join(c.sources),
        "reports": f"{c.n_mentions}/{c.n_origins}",
        "confidence": _confidence(c.confidence), "status": c.status_label,
    }


def _statuses(status: str | None, all_statuses: bool) -> tuple[str, ...]:
    """The case statuses a listing asks for: one (--status), all (--all), or the live ones."""
    from .link.records import ALL_STATUSES, LIVE_STATUSES

    if status is not None:
        _choice("--status", status, ALL_STATUSES)
        return (status,)
    return ALL_STATUSES if all_statuses else LIVE_STATUSES


def _choice(option: str, value: str | None, allowed: Sequence[str]) -> None:
    """Exit 2 naming the valid values when `value` is not one of `allowed`."""
    if value is not None and value not in allowed:
        raise _fail(f"{option} must be one of {', '.join(allowed)}, not {value!r}")


StatusOption = Annotated[str | None, typer.Option(
    help="Only cases with this review status: machine, confirmed, rejected or merged.",
    show_default=False)]
AllOption = Annotated[bool, typer.Option(
    "--all", help="Include rejected cases and cases merged into another (left out by "
                  "default).")]


@app.command()
def cases(
    type: Annotated[str | None, typer.Option(help="refusal or desertion.")] = None,
    force: Annotated[str | None, typer.Option(help="army, rosgvardia, marines, ...")] = None,
    place: Annotated[str | None, typer.Option(
        help="Words in the place or home region, or a place in any language (Брянка, "
             "Bryanka): its gazetteer entry.")] = None,
    since: Annotated[str | None, typer.Option(help="Cases on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Cases on or before this date.")] = None,
    min_confidence: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Cases whose confidence (the highest of their mentions' that no "
                               "reviewer rejected) is at least this; cases without one are left "
                               "out.", show_default=False)] = None,
    sort: Annotated[str, typer.Option(help="when (start date) or confidence; cases without "
                                           "that value come last.")] = "when",
    order: Annotated[str, typer.Option(help="desc (newest or highest first) or asc.")]
    = "desc",
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
    status: StatusOption = None,
    all_statuses: AllOption = False,
    lang: Annotated[str | None, typer.Option(
        help="Cases told in this language (ISO 639-1: en, ru), in any of their documents.",
        show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """List cases, with filters. `reports` is mentions/independent origins.

    Rejected cases and cases merged into another are left out unless --status or
    --all asks for them. --place matches the place or home as written, or a region
    (any spelling: Buryatia, Buryatiya) that they lie in.
    """
    from .link.records import case_records
    from .models import FORCES, INCIDENT_TYPES
    from .store import CASE_SORTS

    _choice("--type", type, INCIDENT_TYPES)
    _choice("--force", force, FORCES)
    _choice("--sort", sort, CASE_SORTS)
    _choice("--order", order, ("desc", "asc"))
    statuses = _statuses(status, all_statuses)
    filters: dict[str, Any] = {
        "type": type, "force": force, "place": place, "since": _parse_date(since, "--since"),
        "until": _parse_date(until, "--until"), "min_confidence": min_confidence,
        "lang": lang.strip().lower() if lang else None}
    with _open(db) as store:
        rows = case_records(store, statuses=statuses, sort=sort, order=order, limit=limit,
                            **filters)
        # a full page may be cut by --limit: then say of how many ("3 of 7 cases")
        total = store.count_cases(statuses=statuses, **filters) if len(rows) >= limit \
            else len(rows)
    heading = shown_of(len(rows), total, "case")
    facts = [_case_facts(c) for c in rows]
    if out.width < 120:  # one short block per case reads better than a squeezed table
        out.print(f"[bold]{heading}[/bold] (reports = mentions/independent origins)")
        for f in facts:
            out.print(f"\n[bold]#{f['id']}[/bold] {f['type']} · {f['count']} "
                      f"{'person' if f['count'] == '1' else 'people'} · "
                      f"{f['force'] or 'force unknown'} · {f['when'] or 'date unknown'} · "
                      f"reports {f['reports']} · confidence {f['confidence']} · {f['status']}",
                      highlight=False)
            out.print(f"   {f['actor']}", highlight=False)
            where = " · ".join(f"{k} {f[k]}" for k in ("home", "place", "sources") if f[k])
            if where:
                out.print(f"   {where}", highlight=False)
        return
    table = Table(title=heading, show_lines=False)
    columns = ("id", "type", "actor", "count", "force", "home", "place", "when", "sources",
               "reports", "confidence", "status")
    for name in columns:
        wide = name in ("actor", "home", "place", "sources")
        table.add_column(name, ratio=3 if name == "actor" else (1 if wide else None),
                         overflow="fold", no_wrap=not wide,
                         justify="right" if name in ("id", "count", "reports", "confidence")
                         else "left")
    for f in facts:
        table.add_row(*(f[name] for name in columns))
    out.print(table)


@app.command()
def show(
    case_id: Annotated[int, typer.Argument(help="A case id from `otkaz cases`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show one case: merged fields, conflicts, every mention with its evidence and sources."""
    from .link import case_detail

    with _open(db) as store:
        detail = case_detail(store, case_id)
    if detail is None:
        raise _fail(f"no case {case_id}")
    if as_json:
        out.print_json(json.dumps(detail, default=str))
        return
    _print_case(detail)


def _print_case(detail: dict[str, Any]) -> None:
    from .link.merge import is_conflict
    from .link.origins import chain_text

    out.print(f"[bold]Case {detail['id']}[/bold]  {plural(detail['n_mentions'], 'mention')}, "
              f"{plural(detail['n_origins'], 'independent origin')}, "
              f"confidence {_confidence(detail.get('confidence'))}, "
              f"status: {detail['status_label']}"
              + (f", in {', '.join(detail['langs'])}" if detail.get("langs") else ""),
              highlight=False)
    if detail.get("merged_into") is not None:
        out.print(f"This case was merged into case {detail['merged_into']}: "
                  f"`otkaz show {detail['merged_into']}`.", highlight=False)
    table = Table(show_header=True)
    table.add_column("field")
    table.add_column("value")
    table.add_column("also reported")
    for name, entry in detail["fields"].items():
        values = entry.get("values") or []
        others = [f"{_fmt(v['value'])} (mentions {', '.join(map(str, v['mentions']))})"
                  for v in values if v["value"] != entry.get("value")]
        style = "yellow" if is_conflict(name, entry) else ""
        table.add_row(name, _place_fmt(entry) if name in ("home", "place")
                      else _fmt(entry.get("value")), "; ".join(others), style=style)
    out.print(table)
    for m in detail["mentions"]:
        doc = m["document"]
        out.print(f"\n[bold]mention {m['id']}[/bold] in {doc.get('title') or doc.get('source_id')}"
                  f" ({doc.get('outlet') or 'unknown outlet'}, {doc.get('published') or 'undated'}"
                  f"{', ' + doc['lang'] if doc.get('lang') else ''})"
                  f" {doc.get('url') or ''}", highlight=False)
        out.print(f"  confidence {_confidence(m['incident'].get('confidence'))}", highlight=False)
        for quote in m["evidence"]:
            out.print(f"  “{quote}”", highlight=False)
        if m.get("chain"):  # "A ← B": A cites B; sources no citation joins are split by ";"
            out.print("  sources: " + chain_text(m["chain"]), highlight=False)


def _place_fmt(entry: dict[str, Any]) -> str:
    """A merged place as worded, with its gazetteer entry's name beside it when that differs:
    "Брянке → Bryanka"."""
    from .normalize.identity import worded_and_canonical

    return worded_and_canonical(entry.get("value"), entry.get("geo"))


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and {"low", "high"} <= value.keys():
        return _count(value["low"], value["high"])
    if isinstance(value, dict) and {"start", "end"} <= value.keys():
        return _when(value["start"], value["end"])
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=(
        "jsonl, csv, geojson, acled (ACLED's columns, docs/acled.md), xlsx (a sheet of cases "
        "and one of mentions), label-studio (tasks with pre-annotations) or "
        "label-studio-config (its labeling config)."))] = "jsonl",
    output: Annotated[str, typer.Option("-o", "--output", help="File to write; - for stdout.")]
    = "-",
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="One row per mention (jsonl: one report per document) instead of "
                           "one per case.")] = False,
    status: StatusOption = None,
    all_statuses: AllOption = False,
    db: DbOption = None,
) -> None:
    """Export cases as JSONL, CSV rows, GeoJSON features, ACLED-layout rows, an xlsx
    workbook or Label Studio tasks: one per case, as `otkaz cases` shows them (reviewers'
    corrections applied); rejected and merged-away cases left out."""
    from .cli_text import plural
    from .export import BINARY_FORMATS, CASES_ONLY, CONFIG_FORMATS, EXPORTERS

    _choice("--format", format, sorted(EXPORTERS.keys() | CONFIG_FORMATS))
    if format in CONFIG_FORMATS:
        from .labelstudio import labeling_config

        _write_text(output, labeling_config())
        return
    if mentions and format in CASES_ONLY:  # before -o truncates a file
        raise _fail(f"--format {format} has one row per case: leave out --mentions")
    binary = format in BINARY_FORMATS
    if binary and output == "-" and sys.stdout.isatty():
        raise _fail(f"{format} is a binary file: write it with -o FILE.{format}")
    options = {"mentions": mentions, "statuses": _statuses(status, all_statuses)}
    with _open(db) as store:
        if output == "-":
            EXPORTERS[format](store, sys.stdout.buffer if binary else sys.stdout, **options)
        else:
            with (open(output, "wb") if binary  # noqa: SIM115 - closed by the with
                  else open(output, "w", encoding="utf-8", newline="")) as f:
                n = EXPORTERS[format](store, f, **options)
            unit = "task" if format == "label-studio" else "mention" if mentions else "case"
            err.print(f"wrote {plural(n, unit)} to {output}", highlight=False)


@app.command()
def stats(
    by: Annotated[str, typer.Option(help="month, force or region.")] = "month",
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
    = "table",
    rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Count rejected cases too (cases merged into another never "
                                   "count: their people are in the case they joined).")]
    = False,
    db: DbOption = None,
) -> None:
    """People reported refusing or deserting, counted once per case, as low/high totals."""
    from .link import stats as compute_stats
    from .link.records import LIVE_STATUSES, case_records

    _choice("--by", by, ("month", "force", "region"))
    _choice("--format", format, ("table", "json", "csv"))
    statuses = (*LIVE_STATUSES, "rejected") if rejected else LIVE_STATUSES
    with _open(db) as store:
        result = compute_stats(case_records(store, statuses=statuses, limit=None), by=by)
        waiting = store.pending_links()
    result["pending_links"] = waiting
    rows = result["rows"]
    if waiting:  # the totals leave these out until they are linked: say so on every format
        err.print(_waiting(waiting), highlight=False, soft_wrap=True)
    if format == "json":
        out.print_json(json.dumps(result, default=str))
        return
    if format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [by])
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title=f"People reported refusing or deserting, by {by}")
    for col in (rows[0] if rows else {by: None}):
        table.add_column(col)
    for row in rows:
        table.add_row(*[("" if v is None else str(v)) for v in row.values()])
    out.print(table)
    total = result.get("total", {})
    open_ended = total.get("open_ended", 0)
    unknown = total.get("unknown_count", 0)
    out.print(f"Total: {_count(total.get('low'), total.get('high'))} people in "
              f"{plural(total.get('cases', 0), 'case')}"
              + (f" ({open_ended} of them counted as 'at least', so the high reading is a floor)"
                 if open_ended else "")
              + f"; {plural(unknown, 'more case', 'more cases')} "
              f"{'gives' if unknown == 1 else 'give'} no count.", highlight=False)


def _waiting(n: int) -> str:
    return (f"{plural(n, 'mention')} waiting to be linked (an earlier run stopped before "
            "linking); "
            "the totals leave them out until `otkaz relink` (or the next ingest) links them")


@app.command()
def status(db: DbOption = None) -> None:
    """What the database holds, and how many mentions wait to be linked."""
    with _open(db) as store:
        counts = store.counts()
        waiting = store.pending_links()
    out.print(f"{store!r}: {plural(counts['documents'], 'document')}, "
              f"{plural(counts['mentions'], 'mention')}, {plural(counts['figures'], 'figure')}, "
              f"{plural(counts['cases'], 'case')}", highlight=False)
    out.print(_waiting(waiting) if waiting else "every mention is linked", highlight=False)


@app.command()
def relink(
    db: DbOption = None,
    incremental: Annotated[bool, typer.Option(
        "--incremental/--full",
        help="Link only the waiting mentions and what they reach (as ingest does), "
             "or every mention (the default).")] = False,
) -> None:
    """Link every stored mention into cases again (finishes what an interrupted run left)."""
    from .link import relink as relink_cases
    from .link.incremental import link_new

    with _open(db) as store:
        summary = link_new(store) if incremental else relink_cases(store)
        waiting = store.pending_links()
    how = ("incremental" if summary.incremental and not summary.fallback else "full")
    out.print(f"{plural(summary.mentions, 'mention')} in {plural(summary.cases, 'case')} "
              f"({how}, {summary.seconds:.2f} s); {summary.moved} moved, "
              f"{plural(summary.deleted, 'empty case')} removed", highlight=False)
    if waiting:
        out.print(_waiting(waiting), highlight=False)


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
    db: DbOption = None,
) -> None:
    """Copy the SQLite database to a new file, safely while it is in use (PostgreSQL: pg_dump).

    Unlike `cp`, the copy holds what is still in the write-ahead log (otkaz.db-wal).
    """
    with _open(db) as store:
        written = store.backup(target)
    out.print(f"backed up {store!r} to {written}", highlight=False)


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled example articles into the database and print the cases found."""
    from .batch import ingest_sources

    root = resources.files("otkaz") / "examples"  # dated by its manifest.json, as any folder
    out.print(f"Ingesting the bundled example articles from {root}", highlight=False)
    with _open(db) as store:
        summary = ingest_sources([str(root)], store, on_error=_report_error,
                                 exclude=["README.md"])
    summary.skipped.clear()  # the examples' README, which is no article
    _print_summary(summary)
    cases(type=None, force=None, place=None, since=None, until=None, min_confidence=None,
          sort="when", order="desc", limit=100, status=None, all_statuses=False, lang=None,
          db=db)
    out.print("Next: `otkaz show ID` for one case, `otkaz stats`, or `otkaz serve` for the "
              "web dashboard.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(
        min=1, help="Server processes; on a machine with spare cores, 2 or more serve "
                    "more readers at once.")] = 1,
    db: DbOption = None,
) -> None:
    """Serve the web dashboard and JSON API."""
    from .web import serve as run_server

    run_server(host=host, port=port, db=db or settings.get("db"), workers=workers)


@documents_app.command("list")
def documents_list(
    limit: Annotated[int | None, typer.Option(help="At most this many rows.",
                                              show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """List stored documents: id, title, URL (or file name), language, mentions."""
    from .store.documents import list_documents
    from .web.views import public_source

    with _open(db) as store:
        rows = list_documents(store, limit=limit)
    table = Table(title=plural(len(rows), "document"))
    for name in ("id", "title", "url", "lang", "mentions", "figures"):
        table.add_column(name, justify="right" if name in ("id", "mentions", "figures")
                         else "left", overflow="fold")
    for d in rows:
        table.add_row(str(d.id), d.title or "", public_source(d.source_id, d.url) or "",
                      d.lang or "", str(d.mentions), str(d.figures))
    out.print(table)


@documents_app.command("show")
def documents_show(
    document_id: Annotated[int, typer.Argument(help="A document id from `otkaz documents "
                                                    "list`.")],
    db: DbOption = None,
) -> None:
    """Show one document: its metadata, versions and mentions (with their evidence)."""
    from .store.documents import document_info

    with _open(db) as store:
        info = document_info(store, document_id)
    if info is None:
        raise _fail(f"no document {document_id}")
    d = info.summary
    out.print(f"[bold]Document {d.id}[/bold] {d.title or ''}", highlight=False)
    for label, value in (("url", d.url), ("source", d.source_id), ("outlet", info.outlet),
                         ("published", d.published), ("lang", d.lang),
                         ("sha256", info.sha256), ("extracted by", info.pipeline_version),
                         ("versions", ", ".join(map(str, info.versions)))):
        if value:
            out.print(f"  {label}: {value}", highlight=False)
    out.print(f"{plural(d.mentions, 'mention')}, {plural(d.figures, 'figure')}",
              highlight=False)
    for m in info.mentions:
        count = "" if m.count is None else f" · {_count(*m.count)}"
        case = f"case {m.case_id}" if m.case_id is not None else "not linked yet"
        out.print(f"\n[bold]mention {m.id}[/bold] {m.type}: {m.actor}{count} · {case}",
                  highlight=False)
        for quote in m.evidence:
            out.print(f"  “{quote}”", highlight=False)


@documents_app.command("delete")
def documents_delete(
    document_id: Annotated[int, typer.Argument(help="A document id from `otkaz documents "
                                                    "list`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
    user: Annotated[str | None, typer.Option(
        help="Who deletes it, for the review log (default: your login name).",
        show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Delete a document with its older versions, mentions and figures; cases are relinked.

    The review log keeps every entry and records what was deleted, and by whom.
    """
    import getpass

    from .store.documents import delete_document, document_info

    with _open(db) as store:
        info = document_info(store, document_id)
        if info is None:
            raise _fail(f"no document {document_id}")
        if not yes:
            typer.confirm(f"Delete document {document_id} ({info.summary.title or 'untitled'}) "
                          f"and its {plural(info.summary.mentions, 'mention')}?", abort=True)
        gone = delete_document(store, document_id, user=user or getpass.getuser())
    if gone is None:  # another process deleted it since it was shown
        raise _fail(f"no document {document_id}")
    out.print(f"deleted document {gone.id}: {plural(gone.mentions, 'mention')}, "
              f"{plural(gone.figures, 'figure')}, {plural(len(gone.versions), 'version')}; "
              "cases relinked "
              f"({', '.join(map(str, gone.cases)) or 'none'} lost mentions); "
              f"review log entry {gone.log_id}", highlight=False)


def _write_text(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)


@import_app.command("label-studio")
def import_label_studio(
    export_file: Annotated[Path, typer.Argument(
        help="A Label Studio project exported as JSON (tasks with annotations[].result[]).")],
    gold_out: Annotated[Path | None, typer.Option(
        help="Write the annotations as gold reports (docs/FORMAT.md) to this JSONL file.",
        show_default=False)] = None,
    docs_out: Annotated[Path | None, typer.Option(
        help="Write the tasks' documents to this JSONL file (for otkaz evaluate --docs).",
        show_default=False)] = None,
    user: Annotated[str | None, typer.Option(
        help="Whose decisions these are, for the review log (default: your login name).",
        show_default=False)] = None,
    review: Annotated[bool, typer.Option(
        "--review/--no-review", help="Record the annotations as reviewers' decisions on the "
                                     "stored mentions (accept, correct, reject).")] = True,
    db: DbOption = None,
) -> None:
    """Turn finished annotations into gold for `otkaz evaluate` and into reviewers'
    decisions on the stored mentions, each one in the review log; cases are relinked."""
    import getpass

    from .labelstudio.importer import import_label_studio as run_import

    if review:
        with _open(db) as store:
            result = run_import(export_file, store, user=user or getpass.getuser(),
                                gold_out=gold_out, docs_out=docs_out)
    else:
        result = run_import(export_file, None, user="", gold_out=gold_out, docs_out=docs_out)
    for e in result.read.errors:
        err.print(f"[yellow]skipped[/yellow] {escape(e.one_line())}", highlight=False,
                  soft_wrap=True)
    read = result.read
    out.print(f"{len(read.documents)} annotated tasks read, {read.unannotated} without a "
              f"finished annotation, {len(read.errors)} failed"
              + (f"; gold written to {gold_out}" if gold_out else ""), highlight=False)
    s = result.summary
    if s is not None:
        counts = ", ".join(f"{n} {action}" for action, n in s.counts().items()) or "none"
        out.print(f"decisions on {s.documents} stored documents: {counts} "
                  f"({s.unchanged} already recorded); {s.missed} annotated incidents have no "
                  f"stored mention; {s.not_stored} documents are not in the store",
                  highlight=False)
    if read.errors:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - the console script calls `app`
    app()


# `otkaz user ...`, `otkaz token ...`, `otkaz datasette-metadata` and `otkaz watch` live in
# their own modules, which register them here
from otkaz import cli_accounts, cli_exports, cli_watch  # noqa: E402, F401
from otkaz.cli_webhooks import webhook_app  # noqa: E402

app.add_typer(webhook_app, name="webhook")

if __name__ == "__main__":  # `python -m otkaz.cli`, as the tests run it in a subprocess
    app(prog_name="otkaz")
