"""The review log as the pages show it: case numbers and titles, never raw keys.

    >>> with store.engine.connect() as conn:                 # doctest: +SKIP
    ...     lines = log_lines(conn, review_entries(conn, [3]))
    >>> lines[0].case.text, lines[0].after[0].text            # doctest: +SKIP
    ('#3 Twelve officers of the Omsk OMON', '#8 Eleven OMON fighters from Omsk')

A log entry's `before` and `after` hold what the action changed: a field's value,
or for a merge, a split or a deleted document the case numbers, mention ids and
their 64-character keys. The pages show each case as a link with its number and
title and each group of mentions as a count; the keys stay in the `title`
tooltip, and the `.json` twins keep the entries as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from otkaz.store.schema import cases
from otkaz.web.formats import fmt_value, shorten
from otkaz.web.views import field_value

TITLE_CHARS = 60  # a title longer than this is cut at a word (the whole one in the tooltip)
_ID_BATCH = 900  # ids per IN list (under SQLite's variable limit)
# a content hash or a key built from one: 32+ hex digits, perhaps with a ":..." tail
_HASHY = re.compile(r"[0-9a-f]{32,}")


@dataclass(frozen=True)
class Part:
    """A piece of text in a log cell: plain, or a link (`url`), with an optional tooltip."""

    text: str
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class CaseTitle:
    """What the log shows of a case: its number, key and a short title."""

    id: int
    key: str | None
    title: str


@dataclass(frozen=True)
class LogLine:
    """One review-log entry, ready for a table row."""

    id: int
    at: str  # "YYYY-MM-DD HH:MM:SS"
    user: str
    action: str  # as read: "merged into", not "merged_into"
    case: Part | None
    field: str | None
    before: tuple[Part, ...]
    after: tuple[Part, ...]
    note: str | None


def short_key(key: str) -> str:
    """A hash-like key cut to its first 8 hex digits: 'case-5349acdc…'.

        >>> short_key("741df8d03f8df6b6e4dfabf707e5ee58436631f281cc9f79649a80244fa8fe5d:50")
        '741df8d0…'
    """
    return _HASHY.sub(lambda m: m.group(0)[:8] + "…", key).split(":")[0]


def case_label(case: CaseTitle) -> str:
    """'#7 a 20-year-old conscript from Severodvinsk' (the title cut to TITLE_CHARS)."""
    return f"#{case.id} {shorten(case.title, TITLE_CHARS)}"


def case_part(case_id: int, titles: dict[int, CaseTitle]) -> Part:
    """A link to case `case_id`, labelled with its number and title; its key in the tooltip."""
    case = titles.get(case_id)
    if case is None:  # deleted since (the log outlives what it names)
        return Part(f"#{case_id}", f"/cases/{case_id}", "no longer in the database")
    tip = case.title if case.key is None else f"{case.title}\nkey {case.key}"
    return Part(case_label(case), f"/cases/{case.id}", tip)


def case_titles(conn: Connection, ids: Iterable[int]) -> dict[int, CaseTitle]:
    """The number, key and title of each of these cases that exists.

    The title is the group's name as the case record gives it (its actor), else
    its place or home, else "(unnamed group)", as on the case page.
    """
    wanted = sorted({int(i) for i in ids})
    found: dict[int, CaseTitle] = {}
    for i in range(0, len(wanted), _ID_BATCH):
        rows = conn.execute(select(cases.c.id, cases.c.key, cases.c.merged, cases.c.place,
                                   cases.c.home)
                            .where(cases.c.id.in_(wanted[i:i + _ID_BATCH]))).all()
        for r in rows:
            title = field_value(r.merged, "actor") or r.place or r.home or "(unnamed group)"
            found[int(r.id)] = CaseTitle(int(r.id), r.key, str(title))
    return found


def _case_ids(value: Any) -> list[int]:
    """The case numbers a log value names: {"case": 7}, {"cases": [2, 3]}."""
    if not isinstance(value, dict):
        return []
    ids = [value["case"]] if isinstance(value.get("case"), int) else []
    return ids + [c for c in value.get("cases") or [] if isinstance(c, int)]


def _mentions_part(ids: list[Any], keys: list[Any]) -> Part:
    n = len(ids) or len(keys)
    shown = ", ".join(f"#{i}" for i in ids[:5]) + (" …" if len(ids) > 5 else "")
    text = f"{n} mention{'' if n == 1 else 's'}" + (f" ({shown})" if shown else "")
    tip = "\n".join(f"mention {i}: {k}" for i, k in zip(ids, keys, strict=False)) or \
        "\n".join(str(k) for k in keys)
    return Part(text, title=tip or None)


def describe(value: Any, field: str | None, titles: dict[int, CaseTitle]) -> tuple[Part, ...]:
    """A log entry's `before` or `after` as parts of a cell.

        >>> describe({"case": 7, "key": "case-5349acdc9f626db8", "status": "machine"},
        ...          None, {})[0].text
        '#7'
        >>> describe({"low": 30, "high": 35}, "count", {})
        (Part(text='30–35', url=None, title=None),)
    """
    if not isinstance(value, dict) or not ({"case", "cases", "mentions", "sha256"} & set(value)):
        text = fmt_value(value, field)
        if _HASHY.search(text):
            return (Part(short_key(text), title=text),)
        return (Part(text),)
    parts: list[Part] = []
    if "sha256" in value:  # a deleted document (store.documents.delete_document)
        title = shorten(str(value.get("title") or value.get("url") or "untitled"), TITLE_CHARS)
        parts.append(Part(f"document {value.get('id')}: {title}",
                          title=f"sha256 {value['sha256']}"))
    for case_id in _case_ids(value):
        parts.append(case_part(case_id, titles))
    if isinstance(value.get("mentions"), list):
        keys = value.get("keys") or []
        ids = value["mentions"]
        if ids and not all(isinstance(i, int) for i in ids):  # keys stored as the list itself
            ids, keys = [], ids
        parts.append(_mentions_part(ids, keys))
    if isinstance(value.get("figures"), int) and value["figures"]:
        parts.append(Part(f"{value['figures']} figures"))
    if isinstance(value.get("status"), str):
        parts.append(Part(f"status {value['status']}"))
    separated: list[Part] = []
    for p in parts:
        if separated:
            separated.append(Part(" · "))
        separated.append(p)
    return tuple(separated)


def log_lines(conn: Connection, entries: list[dict[str, Any]]) -> list[LogLine]:
    """Review-log entries (as views.review_entries gives them) ready for a table.

    One query fetches the titles of every case the entries name.
    """
    ids = [e["case_id"] for e in entries if isinstance(e.get("case_id"), int)]
    for e in entries:
        ids += _case_ids(e.get("before")) + _case_ids(e.get("after"))
    titles = case_titles(conn, ids)
    lines = []
    for e in entries:
        at = str(e.get("at") or "")[:19].replace("T", " ")
        case = case_part(e["case_id"], titles) if isinstance(e.get("case_id"), int) else None
        lines.append(LogLine(
            id=int(e["id"]), at=at, user=str(e.get("user") or ""),
            action=str(e.get("action") or "").replace("_", " "), case=case,
            field=e.get("field"), before=describe(e.get("before"), e.get("field"), titles),
            after=describe(e.get("after"), e.get("field"), titles), note=e.get("note")))
    return lines


def entry_titles(conn: Connection, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with `case_title` added (for the JSON twin): the title the page shows."""
    titles = case_titles(conn, [e["case_id"] for e in entries
                                if isinstance(e.get("case_id"), int)])
    return [e | {"case_title": titles[e["case_id"]].title if e.get("case_id") in titles
                 else None} for e in entries]
