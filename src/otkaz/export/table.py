"""The case table: one row per case with every field and the articles it comes from.

    >>> rows = list(case_table(store))            # live cases  # doctest: +SKIP
    >>> rows[0].flat()["urls"]                    # doctest: +SKIP
    ['https://example.org/omsk-1', 'https://example.org/omsk-2']

What the case CSV, the xlsx cases sheet and the ACLED layout read. A row is the
case's record as every reader shows it (otkaz.link.records.CaseRecord: reviewers'
corrections applied) plus what people loading it into a spreadsheet ask for next:

- `home_entry`, `place_entry`, `place_country`: the gazetteer entries the worded
  home and place resolved to (canonical English names, "Брянке" -> "Bryanka"), and
  the place's country (ISO 3166-1 alpha-2);
- `has_conflicts`: "yes" when the case's reports state values that exclude each
  other (`conflicts` names the fields), else "no";
- `langs`, `outlets`, `urls`, `titles`, `document_ids`, `first_published`,
  `last_published`: the articles its mentions are in, oldest first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from otkaz.link.records import CASE_FIELDS, LIVE_STATUSES, CaseRecord, case_record, check_statuses
from otkaz.store import Store
from otkaz.store.schema import documents, mentions

EXTRA_FIELDS = ("home_entry", "place_entry", "place_country", "has_conflicts", "langs",
                "first_published", "last_published", "outlets", "urls", "titles",
                "document_ids")
CASE_COLUMNS = (*CASE_FIELDS, *EXTRA_FIELDS)


@dataclass
class Articles:
    """The articles a case's mentions are in, in order of publication (undated last)."""

    document_ids: list[int] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    published: list[date] = field(default_factory=list)

    def add(self, row: Any) -> None:
        if row.document_id in self.document_ids:
            return
        self.document_ids.append(row.document_id)
        for values, value in ((self.urls, row.url), (self.outlets, row.outlet),
                              (self.titles, row.title), (self.langs, row.lang)):
            if value and value not in values:  # each once: two articles of one outlet
                values.append(value)
        if row.published is not None:
            self.published.append(_day(row.published))


def _day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def case_articles(store: Store) -> dict[int, Articles]:
    """{case id: its Articles} for every case with a mention, in one query."""
    query = (select(mentions.c.case_id, documents.c.id.label("document_id"), documents.c.url,
                    documents.c.outlet, documents.c.title, documents.c.lang,
                    documents.c.published)
             .join(documents, documents.c.id == mentions.c.document_id)
             .where(mentions.c.case_id.is_not(None))
             .order_by(mentions.c.case_id, documents.c.published.is_(None),
                       documents.c.published, documents.c.id))
    out: dict[int, Articles] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            out.setdefault(row.case_id, Articles()).add(row)
    return out


@dataclass(frozen=True)
class CaseRow:
    """One case as a table row: its CaseRecord, resolved places and articles."""

    record: CaseRecord
    articles: Articles
    home_entry: str | None = None
    place_entry: str | None = None
    place_country: str | None = None  # ISO 3166-1 alpha-2 of the place's entry
    place_admin1: str | None = None  # the region the place lies in (a region: itself)
    place_precision: str | None = None  # "city", "region", "country" or "other"
    home_country: str | None = None
    home_admin1: str | None = None
    home_precision: str | None = None
    updated_at: datetime | None = None

    def flat(self) -> dict[str, Any]:
        """CASE_COLUMNS as values (lists stay lists, dates are ISO strings)."""
        a = self.articles
        return self.record.flat() | {
            "home_entry": self.home_entry, "place_entry": self.place_entry,
            "place_country": self.place_country,
            "has_conflicts": "yes" if self.record.conflicts else "no",
            "langs": list(a.langs),
            "first_published": min(a.published).isoformat() if a.published else None,
            "last_published": max(a.published).isoformat() if a.published else None,
            "outlets": list(a.outlets), "urls": list(a.urls), "titles": list(a.titles),
            "document_ids": list(a.document_ids),
        }


def _geo(merged: dict[str, Any], name: str) -> dict[str, Any]:
    entry = merged.get(name)
    geo = entry.get("geo") if isinstance(entry, dict) else None
    return geo if isinstance(geo, dict) and geo.get("name") else {}


def case_table(store: Store, statuses: Collection[str] = LIVE_STATUSES) -> Iterator[CaseRow]:
    """A CaseRow for each case with these statuses, newest event first (as `otkaz cases`)."""
    articles = case_articles(store)
    ids: dict[int, list[int]] = {}
    with store.engine.connect() as conn:
        for mention_id, case_id in conn.execute(
                select(mentions.c.id, mentions.c.case_id)
                .where(mentions.c.case_id.is_not(None)).order_by(mentions.c.id)):
            ids.setdefault(case_id, []).append(mention_id)
    for case in store.cases(statuses=check_statuses(statuses), limit=None):
        merged = case.merged if isinstance(case.merged, dict) else {}
        home, place = _geo(merged, "home"), _geo(merged, "place")
        yield CaseRow(
            record=case_record(case, ids.get(case.id)),
            articles=articles.get(case.id, Articles()),
            home_entry=home.get("name"), place_entry=place.get("name"),
            place_country=place.get("country"), place_admin1=place.get("admin1"),
            place_precision=place.get("precision"), home_country=home.get("country"),
            home_admin1=home.get("admin1"), home_precision=home.get("precision"),
            updated_at=case.updated_at)
