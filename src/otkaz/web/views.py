"""What the case and document pages show, read from the store's tables.

    >>> case_page(store.engine, 3)["case"]["key"]        # doctest: +SKIP
    'omsk-omon-2022-02'

Each function returns plain JSON-ready data (the `.json` twin of a page) plus,
under keys starting with `html_`, text already escaped and highlighted for the
template; the JSON routes drop those keys.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from otkaz.link.merge import is_conflict
from otkaz.link.origins import chain_text, citations
from otkaz.link.records import merged_into, status_label
from otkaz.store.schema import case_overrides, cases, documents, figures, mentions, review_log
from otkaz.web.highlight import Mark, evidence_windows, highlight, mention_marks

# Fields a reviewer can correct, with the mention columns that hold their values.
EDITABLE = ("type", "force", "actor", "unit", "count", "home", "place", "when",
            "personnel", "outcomes", "sources")
_SCALAR = ("type", "force", "actor", "unit", "home", "place")


def field_value(merged: Any, field: str) -> Any:
    """The chosen value of `field` in a merged record (otkaz.link.merge: {"value", ...})."""
    if not isinstance(merged, dict):
        return None
    entry = merged.get(field)
    return entry.get("value") if isinstance(entry, dict) and "value" in entry else entry


def iso(value: Any) -> Any:
    """Dates and times as ISO strings; anything else unchanged."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def mention_values(row: Any) -> dict[str, Any]:
    """The field values of one `mentions` row, as in a report (FORMAT.md)."""
    values: dict[str, Any] = {f: row._mapping[f] for f in _SCALAR}
    values["count"] = ({"low": row.count_low, "high": row.count_high}
                       if row.has_count else None)
    values["when"] = ({"start": iso(row.when_start), "end": iso(row.when_end)}
                      if row.when_start and row.when_end else None)
    for f in ("personnel", "outcomes", "sources"):
        values[f] = list(row._mapping[f] or [])
    return values


def _document_summary(row: Any) -> dict[str, Any]:
    return {"id": row.document_id, "title": row.title, "outlet": row.outlet,
            "published": iso(row.published), "url": row.url, "lang": row.lang,
            "page": f"/documents/{row.document_id}"}


def mention_entries(row: Any) -> dict[str, str | None]:
    """The canonical names of the gazetteer entries a mention's home and place resolved to
    ("Брянке" -> "Bryanka"), None where a phrase did not resolve."""
    entries: dict[str, str | None] = {}
    for role in ("home", "place"):
        geo = row._mapping[f"{role}_geo"]
        entries[role] = geo.get("name") if isinstance(geo, dict) else None
    return entries


def merged_entries(merged: dict[str, Any]) -> dict[str, str | None]:
    """The canonical names of the gazetteer entries of a case's chosen home and place."""
    entries: dict[str, str | None] = {}
    for role in ("home", "place"):
        entry = merged.get(role)
        geo = entry.get("geo") if isinstance(entry, dict) else None
        entries[role] = geo.get("name") if isinstance(geo, dict) else None
    return entries


def case_mentions(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    """The case's mentions, each with its document and its highlighted evidence passages."""
    rows = conn.execute(
        select(mentions, documents.c.title, documents.c.outlet, documents.c.published,
               documents.c.url, documents.c.text, documents.c.lang)
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(mentions.c.case_id == case_id)
        .order_by(documents.c.published, mentions.c.document_id, mentions.c.idx)).all()
    out = []
    for row in rows:
        marks = mention_marks(None, [], row.spans)
        windows = evidence_windows(row.evidence, len(row.text))
        out.append({
            "id": row.id, "mention_key": row.mention_key, "idx": row.idx,
            "document": _document_summary(row), "values": mention_values(row),
            "entries": mention_entries(row),
            "evidence": [{"start": a, "end": b, "text": row.text[a:b]} for a, b in windows],
            "spans": {k: v for k, v in (row.spans or {}).items()},
            "chain": list(row.chain or []), "confidence": row.confidence,
            # who cited whom, each name once (the raw chain repeats names, in text order)
            "citations": citations(row.chain or []), "chain_text": chain_text(row.chain or []),
            "html_evidence": [highlight(row.text, marks, window=w) for w in windows],
        })
    return out


def _key(value: Any) -> str:
    return repr(sorted(value) if isinstance(value, list) else value)


def seen_values(mention_list: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """For each field, the distinct values the mentions give, with where each was read."""
    seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for m in mention_list:
        for field in EDITABLE:
            value = m["values"].get(field)
            if value in (None, [], ""):
                continue
            entry = seen[field].setdefault(_key(value), {"value": value, "mentions": []})
            entry["mentions"].append({"mention_id": m["id"], "span": m["spans"].get(field)})
    return {f: list(v.values()) for f, v in seen.items()}


def conflicts_of(merged: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose reports disagree (the linker's `conflict` flags), with every value stated."""
    conflicts: dict[str, list[Any]] = {}
    for field in EDITABLE:
        entry = merged.get(field)
        if isinstance(entry, dict) and is_conflict(field, entry):
            conflicts[field] = [v.get("value") for v in entry.get("values") or []
                                if isinstance(v, dict)]
    return conflicts


def review_entries(conn: Connection, case_ids: list[int]) -> list[dict[str, Any]]:
    """Review log entries about these cases, newest first."""
    rows = conn.execute(select(review_log).where(review_log.c.case_id.in_(case_ids))
                        .order_by(review_log.c.id.desc())).all()
    return [{"id": r.id, "at": iso(r.at), "user": r.user, "action": r.action,
             "case_id": r.case_id, "mention_id": r.mention_id, "mention_key": r.mention_key,
             "field": r.field, "before": r.before, "after": r.after, "note": r.note}
            for r in rows]


def case_record(row: Any) -> dict[str, Any]:
    """A `cases` row as JSON-ready data."""
    merged = row.merged if isinstance(row.merged, dict) else {}
    return {
        "id": row.id, "key": row.key, "status": row.status, "version": row.version,
        "status_label": status_label(row.status, merged), "merged_into": merged_into(merged),
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "type": row.type, "force": row.force,
        "count": {"low": row.count_low, "high": row.count_high},
        "when": ({"start": iso(row.when_start), "end": iso(row.when_end)}
                 if row.when_start and row.when_end else None),
        "home": row.home, "place": row.place, "lat": row.place_lat, "lon": row.place_lon,
        "n_mentions": row.n_mentions, "n_origins": row.n_origins,
        "confidence": row.confidence, "merged": merged,
        "fields": {f: field_value(merged, f) for f in EDITABLE},
        "entries": merged_entries(merged),
        "origins": (merged.get("case") or {}).get("origins") if isinstance(
            merged.get("case"), dict) else None,
    }


def case_page(engine: Engine, case_id: int) -> dict[str, Any] | None:
    """Everything the case page shows, or None when there is no such case."""
    with engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
        if row is None:
            return None
        record = case_record(row)
        mention_list = case_mentions(conn, case_id)
        seen = seen_values(mention_list)
        overrides = [{"field": o.field, "value": o.value, "span": o.span, "user": o.user,
                      "at": iso(o.at)} for o in conn.execute(
                          select(case_overrides).where(case_overrides.c.case_id == case_id)
                          .order_by(case_overrides.c.field))]
        # the cases merged into this one (their JSON read by the database, not here)
        absorbed = list(conn.execute(select(cases.c.id).where(
            cases.c.status == "merged",
            cases.c.merged["merged_into"].as_integer() == case_id)).scalars())
        log = review_entries(conn, [case_id, *absorbed])
    documents_seen = {m["document"]["id"] for m in mention_list}
    # the languages the case is told in (a case told in Russian and English shows both)
    record["langs"] = sorted({m["document"]["lang"] for m in mention_list
                              if m["document"]["lang"]})
    return {"case": record, "mentions": mention_list, "seen": seen,
            "conflicts": conflicts_of(record["merged"]), "overrides": overrides,
            "n_documents": len(documents_seen), "review_log": log}


def figure_record(row: Any) -> dict[str, Any]:
    return {"id": row.id, "document_id": row.document_id, "measure": row.measure,
            "value": {"low": row.value_low, "high": row.value_high},
            "period": ({"start": iso(row.period_start), "end": iso(row.period_end)}
                       if row.period_start and row.period_end else None),
            "place": row.place, "sources": list(row.sources or []),
            "evidence": list(row.evidence or []), "spans": dict(row.spans or {})}


# Characters of a document's text on one page of its document page: a long text (a
# court ruling, a digest of a month's news) is read a page at a time, so that the page
# and its highlighting stay quick; every offset stays one into the whole text.
DOCUMENT_PAGE_CHARS = 20_000


def text_pages(text: str, size: int = DOCUMENT_PAGE_CHARS) -> list[tuple[int, int]]:
    r"""`text` cut into windows `(start, end)` of at most `size` characters, in order.

        >>> text_pages("one two\nthree four", size=12)
        [(0, 8), (8, 18)]

    A window ends after the last line break in its second half, else after the last
    space there, else at `size` (a single word longer than half a page), so that a page
    rarely cuts a paragraph and never cuts a word it need not. An empty text has one
    empty page.
    """
    pages: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            half = start + size // 2
            cut = text.rfind("\n", half, end)
            if cut < 0:
                cut = max(text.rfind(" ", half, end), text.rfind("\t", half, end))
            if cut >= 0:
                end = cut + 1
        pages.append((start, end))
        start = end
    return pages or [(0, 0)]


def _page_of(windows: list[tuple[int, int]], spans: Any) -> int:
    """The page (from 1) on which the first of `spans` starts; 1 when there is none."""
    starts = sorted(s[0] for s in spans or [] if isinstance(s, list | tuple) and len(s) == 2
                    and isinstance(s[0], int))
    if not starts:
        return 1
    return next((i for i, (_, end) in enumerate(windows, 1) if starts[0] < end), len(windows))


def document_page(engine: Engine, document_id: int, page: int = 1,
                  page_chars: int = DOCUMENT_PAGE_CHARS) -> dict[str, Any] | None:
    """The document with every extracted span highlighted on page `page` of its text, or None
    when there is no such document or page.

        >>> document_page(store.engine, 7, page=2)["page"]  # doctest: +SKIP
        {'number': 2, 'of': 3, 'start': 19873, 'end': 39901}

    Only that page's text is highlighted (`html_text`); `document.text` stays whole, so
    that every span of `mentions` and `figures` is an offset into it. Each mention
    says on which page its evidence starts. `document.source_id` is what may be shown of
    where the text came from: its URL, or a file's name, never a path on the server.
    """
    with engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if doc is None:
            return None
        mention_rows = conn.execute(select(mentions).where(mentions.c.document_id == doc.id)
                                    .order_by(mentions.c.idx)).all()
        figure_rows = conn.execute(select(figures).where(figures.c.document_id == doc.id)
                                   .order_by(figures.c.idx)).all()
    windows = text_pages(doc.text, page_chars)
    if not 1 <= page <= len(windows):
        return None
    marks: list[Mark] = []
    for m in mention_rows:
        marks.extend(mention_marks(m.id, m.evidence, m.spans))
    for f in figure_rows:
        marks.extend(mention_marks(None, f.evidence, {f"figure {k}": v
                                                      for k, v in (f.spans or {}).items()}))
    window = windows[page - 1]
    return {
        "document": {"id": doc.id, "source_id": public_source(doc.source_id, doc.url),
                     "title": doc.title,
                     "url": doc.url, "outlet": doc.outlet, "published": iso(doc.published),
                     "source_name": source_name(doc.source_id),
                     "sha256": doc.sha256, "pipeline_version": doc.pipeline_version,
                     "ingested_at": iso(doc.ingested_at), "text": doc.text,
                     "lang": doc.lang},
        "page": {"number": page, "of": len(windows), "start": window[0], "end": window[1]},
        "mentions": [{"id": m.id, "idx": m.idx, "mention_key": m.mention_key,
                      "case_id": m.case_id, "values": mention_values(m),
                      "entries": mention_entries(m),
                      "page": _page_of(windows, m.evidence),
                      "evidence": list(m.evidence or []), "spans": dict(m.spans or {}),
                      "chain": list(m.chain or []), "citations": citations(m.chain or []),
                      "chain_text": chain_text(m.chain or [])} for m in mention_rows],
        "figures": [figure_record(f) | {"page": _page_of(windows, f.evidence)}
                    for f in figure_rows],
        "html_text": highlight(doc.text, marks, window),
    }


def public_source(source_id: str | None, url: str | None = None) -> str | None:
    r"""A document's source id as a page or the API may show it: a URL as it is, a file's
    path as the file's name (the server's folders are nobody's business).

        >>> public_source("/srv/otkaz/in/omsk.txt"), public_source("https://e.org/a")
        ('omsk.txt', 'https://e.org/a')
        >>> public_source("C:\\news\\a.txt"), public_source("urn:zov:7")
        ('a.txt', 'urn:zov:7')
    """
    if source_id and (source_id == url or source_id.lower().startswith(("http://",
                                                                          "https://"))):
        return source_id
    return source_name(source_id)


def source_name(source_id: str | None) -> str | None:
    """What a page may show of a document's source id: a file's name, never its server path.

        >>> source_name("/home/ana/articles/omsk.txt"), source_name("feed-item-7")
        ('omsk.txt', 'feed-item-7')
    """
    if not source_id:
        return None
    return re.split(r"[\\/]", source_id.rstrip("/\\"))[-1] or None


def without_html(data: Any) -> Any:
    """`data` with every `html_*` key removed, at any depth (for the JSON twins)."""
    if isinstance(data, dict):
        return {k: without_html(v) for k, v in data.items() if not str(k).startswith("html_")}
    if isinstance(data, list):
        return [without_html(v) for v in data]
    return data
