"""Reports, incidents and cases as HTML: in Jupyter, or in a file from anywhere.

    >>> report = otkaz.extract(text, published=date(2022, 4, 26))
    >>> report                                   # in Jupyter: fields and highlighted evidence
    >>> otkaz.display(report)                    # elsewhere: writes an HTML file, gives its path
    PosixPath('/tmp/otkaz-report-....html')
    >>> otkaz.display(case_view(store, 12), "case-12.html")

Evidence is shown as on the web case page (otkaz.web.highlight): each passage escaped,
the words that gave a field wrapped in `<mark data-field=... data-label=...>`, built from
offsets and never from raw HTML, so any text is safe to show. An item without its text
(read from a file rather than extracted) shows its fields and its offsets.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from otkaz.models import Figure, Incident, Report
from otkaz.web.highlight import evidence_windows, highlight, mention_marks

if TYPE_CHECKING:
    from otkaz.store import Store

__all__ = ["CaseView", "case_view", "display", "figure_html", "incident_html", "report_html",
           "to_html"]

STYLE = """
.otkaz { font-family: system-ui, sans-serif; font-size: 14px; line-height: 1.5; }
.otkaz h3 { font-size: 15px; margin: 12px 0 4px; }
.otkaz table { border-collapse: collapse; margin: 4px 0; }
.otkaz th { text-align: left; padding: 1px 12px 1px 0; color: #555; font-weight: normal; }
.otkaz td { padding: 1px 0; }
.otkaz .passage { margin: 4px 0; padding: 4px 8px; border-left: 3px solid #e0b400;
  background: #fffbea; white-space: pre-wrap; }
.otkaz mark { background: #ffe08a; padding: 0 1px; border-radius: 2px; }
.otkaz mark[data-label]::after { content: attr(data-label); font-size: 10px; color: #6a4a00;
  vertical-align: super; margin-left: 2px; }
.otkaz .none { color: #999; }
"""


def _count(low: int | None, high: int | None) -> str:
    if low == high:
        return "" if low is None else str(low)
    return f"{low}+" if high is None else f"up to {high}" if low is None else f"{low}–{high}"


def _value(value: Any) -> str:
    """A field's value as words: a count "12–20", a date range, a list joined."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, dict) and {"low", "high"} <= value.keys():
        return _count(value["low"], value["high"])
    if isinstance(value, dict) and {"start", "end"} <= value.keys():
        start, end = str(value["start"])[:10], str(value["end"])[:10]
        return start if start == end else f"{start} – {end}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table(rows: Iterable[tuple[str, Any]]) -> Markup:
    cells = [f"<tr><th>{escape(name)}</th><td>{escape(_value(v))}</td></tr>"
             for name, v in rows if _value(v)]
    return Markup(f"<table>{''.join(cells)}</table>") if cells else Markup("")


def _evidence(text: str | None, evidence: list[Any], spans: dict[str, Any],
              mention: int | None = None) -> Markup:
    """Each evidence passage highlighted, or the offsets when the text is not known."""
    if text is None:
        spans_text = ", ".join(f"{s[0]}–{s[1]}" for s in evidence)
        return Markup(f'<p class="none">evidence at {escape(spans_text or "no offsets")} '
                      "(text not known)</p>")
    marks = mention_marks(mention, [list(s) for s in evidence],
                          {k: list(v) for k, v in spans.items()})
    out = [f'<div class="passage">{highlight(text, marks, window)}</div>'
           for window in evidence_windows([list(s) for s in evidence], len(text))]
    return Markup("".join(out))


def incident_html(incident: Incident, text: str | None = None) -> Markup:
    """One incident: a heading, its fields, its evidence with each field's words marked."""
    d = incident.to_dict()
    title = f"{incident.type}: {incident.actor or 'someone'}"
    rows = [(n, d[n]) for n in ("count", "force", "personnel", "unit", "home", "place", "when",
                                "sources", "outcomes")]
    rows += [("case", incident.incident_id), ("confidence", incident.confidence)]
    body = _evidence(text or incident.text, incident.evidence, incident.spans)
    return Markup(f'<div class="otkaz otkaz-incident"><h3>{escape(title)}</h3>'
                  f"{_table(rows)}{body}</div>")


def figure_html(figure: Figure, text: str | None = None) -> Markup:
    """One figure, as an incident is shown."""
    d = figure.to_dict()
    rows = [(n, d[n]) for n in ("value", "period", "place", "sources")]
    rows.append(("confidence", figure.confidence))
    body = _evidence(text or figure.text, figure.evidence, figure.spans)
    return Markup(f'<div class="otkaz otkaz-figure"><h3>figure: {escape(figure.measure)}</h3>'
                  f"{_table(rows)}{body}</div>")


def report_html(report: Report, text: str | None = None) -> Markup:
    """A document's report: its incidents, then its figures."""
    text = text or report.text
    parts = [incident_html(i, text) for i in report.incidents]
    parts += [figure_html(f, text) for f in report.figures]
    head = (f"<h3>report {escape(report.id)}: {len(report.incidents)} incidents, "
            f"{len(report.figures)} figures</h3>")
    notices = "".join(f'<p class="none">{escape(n)}</p>' for n in report.notices)
    return Markup(f'<div class="otkaz otkaz-report">{head}{notices}{"".join(parts)}</div>')


@dataclass
class CaseMention:
    """One mention of a case with the text of its document."""

    id: int
    title: str
    text: str
    incident: Incident


@dataclass
class CaseView:
    """A case as its web page shows it: merged fields (reviewers' corrections applied) and
    every mention's evidence, highlighted."""

    id: int
    key: str
    status: str
    fields: dict[str, Any]
    mentions: list[CaseMention] = field(default_factory=list)

    def _repr_html_(self) -> str:
        return str(to_html(self))

    def html(self) -> Markup:
        """The case as an HTML fragment (without the stylesheet)."""
        rows = list(self.fields.items())
        parts = [f"<h3>mention {m.id} in {escape(m.title)}</h3>"
                 + str(_evidence(m.text, m.incident.evidence, m.incident.spans, m.id))
                 for m in self.mentions]
        return Markup(f'<div class="otkaz otkaz-case"><h3>case {self.id} '
                      f'({escape(self.status)}): {escape(_value(self.fields.get("actor")))}'
                      f'</h3>{_table(rows)}{"".join(parts)}</div>')


def case_view(store: Store, case_id: int) -> CaseView | None:
    """Case `case_id` of `store` for display; None when there is no such case."""
    case = store.case(case_id)
    if case is None:
        return None
    merged = case.merged or {}
    fields = {name: (entry.get("value") if isinstance(entry, dict) else entry)
              for name, entry in merged.items() if name != "case"}
    mentions = []
    for m in store.mentions(case_id=case_id):
        stored = store.document(m.document_id)
        if stored is not None:
            doc = stored.document
            mentions.append(CaseMention(m.id, doc.title or doc.url or doc.id, doc.text,
                                        m.incident))
    return CaseView(case.id, case.key, case.status, fields, mentions)


def to_html(obj: Report | Incident | Figure | CaseView) -> Markup:
    """`obj` as an HTML fragment with its stylesheet: what Jupyter shows (`_repr_html_`)."""
    if isinstance(obj, Report):
        body = report_html(obj)
    elif isinstance(obj, Incident):
        body = incident_html(obj)
    elif isinstance(obj, Figure):
        body = figure_html(obj)
    elif isinstance(obj, CaseView):
        body = obj.html()
    else:
        raise TypeError(f"cannot display a {type(obj).__name__}: give a Report, Incident, "
                        "Figure or CaseView (otkaz.notebook.case_view)")
    return Markup(f"<style>{STYLE}</style>") + body


def display(obj: Any, path: str | Path | None = None) -> Path:
    """Write `obj` as a standalone HTML page to `path` (a new temporary file when None),
    and return the path; open it in a browser."""
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>otkaz: {escape(type(obj).__name__)}</title></head>"
            f"<body>{to_html(obj)}</body></html>\n")
    if path is None:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="otkaz-",
                                         suffix=".html", delete=False) as f:
            f.write(page)
            return Path(f.name)
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target
