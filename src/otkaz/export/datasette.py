"""A Datasette `metadata.json` for an otkaz SQLite database: titles, column notes, facets.

    >>> meta = datasette_metadata("otkaz")
    >>> meta["databases"]["otkaz"]["tables"]["cases"]["facets"]
    ['type', 'force', 'place', 'status']

    $ otkaz datasette-metadata -o metadata.json
    $ datasette otkaz.db --metadata metadata.json

Datasette keys a database by its file name without the suffix (otkaz.db ->
"otkaz"), so the metadata is made for one name (`database_name`). It gives the
instance a title and description; each table shown a description, notes on
its columns, facets, sortable columns and the label Datasette shows for a row
that another table points at (a mention's document by its title). The language
of a case lives on its documents, so it is a canned query (`cases_in_language`)
and a facet of `documents`.

The account tables hold password hashes and API token hashes: `users` and
`api_tokens` are closed to everyone (`"allow": false`), and so is arbitrary SQL
(`allow_sql`), which could read them, unless `allow_sql=True`. The canned
queries still run. Tables for otkaz's own bookkeeping are hidden from the lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from otkaz.errors import OtkazError

TITLE = "otkaz: servicemen refusing to fight or deserting"
DESCRIPTION = (
    "Reports of Russian servicemen refusing to fight or deserting, extracted from news "
    "articles by otkaz. Every field is grounded in the characters of its source article "
    "(mentions.spans, mentions.evidence). Mentions of one real case across articles are "
    "linked into cases, whose fields keep conflicting values side by side (cases.merged). "
    "Machine output unless cases.status says a reviewer confirmed it.")
SECRET_TABLES = ("users", "api_tokens")  # password and token hashes: closed to everyone
HIDDEN_TABLES = ("alembic_version", "store_state", "web_search_state", "web_case_outcomes",
                 "web_case_fts", "case_overrides", "mention_overrides")

PLACE_NOTE = "as worded in the article"
TABLES: dict[str, dict[str, Any]] = {
    "cases": {
        "description": "One row per real case, linked from its mentions across articles. "
                       "Rejected cases and cases merged into another are kept, with their "
                       "status: filter status to machine and confirmed for live cases.",
        "columns": {
            "key": "Stable case key chosen by the linker",
            "status": "Review status: machine (nobody reviewed it), confirmed, rejected, "
                      "or merged (folded into another case, named in merged)",
            "version": "Bumped on each change (reviewers' optimistic locking)",
            "merged": "The merged case record (JSON): each field's value, the values each "
                      "mention states, conflicts, reviewers' corrections",
            "type": "refusal or desertion",
            "force": "army, airborne, marines, navy, rosgvardia, police, pmc, proxy or other",
            "count_low": "Fewest people the reports allow",
            "count_high": "Most people the reports allow (empty: open-ended, e.g. 'over 40')",
            "when_start": "First day the event may have happened",
            "when_end": "Last day the event may have happened",
            "home": f"Where the people come from, {PLACE_NOTE}",
            "place": f"Where it happened, {PLACE_NOTE}",
            "place_lat": "Latitude of the place's gazetteer entry",
            "place_lon": "Longitude of the place's gazetteer entry",
            "n_mentions": "Mentions (reports in articles) linked into the case",
            "n_origins": "Independent origins among them (reports that cite one source "
                         "count once)",
            "confidence": "The extractor's confidence (0 to 1): the highest among the case's "
                          "mentions that no reviewer rejected",
            "created_at": "When the linker made the case (UTC)",
            "updated_at": "When the case last changed (UTC)",
        },
        "facets": ["type", "force", "place", "status"],
        "sortable_columns": ["id", "when_start", "when_end", "count_low", "count_high",
                             "n_mentions", "n_origins", "confidence", "updated_at"],
        "sort_desc": "when_start",
        "label_column": "key",
    },
    "mentions": {
        "description": "One row per incident an article reports: the extractor's reading of "
                       "one article, before linking. Offsets in evidence and spans point "
                       "into documents.text.",
        "columns": {
            "document_id": "The article (documents.id)",
            "idx": "Order of the incident in the article's report",
            "mention_key": "Stable across re-extractions: document hash, evidence start, "
                           "type",
            "pipeline_version": "The otkaz extraction that produced it",
            "type": "refusal or desertion",
            "actor": "Who, as worded in the article",
            "force": "army, airborne, marines, navy, rosgvardia, police, pmc, proxy or other",
            "personnel": "JSON list: conscript, contract, mobilized, volunteer, officer, "
                         "reservist, prisoner",
            "unit": "The unit named, as worded",
            "count_low": "Fewest people the article allows",
            "count_high": "Most people the article allows (empty: open-ended)",
            "has_count": "Whether the article gives a number at all",
            "home": f"Where the people come from, {PLACE_NOTE}",
            "place": f"Where it happened, {PLACE_NOTE}",
            "home_geo": "The home's gazetteer entry (JSON: name, country, admin1, lat, lon)",
            "place_geo": "The place's gazetteer entry (JSON)",
            "when_start": "First day the event may have happened",
            "when_end": "Last day the event may have happened",
            "sources": "JSON list: who the article attributes the report to",
            "outcomes": "JSON list: what followed (dismissed, detained, convicted, ...)",
            "evidence": "JSON list of [start, end] character offsets into documents.text",
            "spans": "JSON: each field's [start, end] offsets into documents.text",
            "chain": "JSON: the attribution chain (who cites whom)",
            "confidence": "The extractor's confidence that this is a real report (0 to 1)",
            "case_id": "The case it is linked into (cases.id)",
            "linked": "Whether linking has placed it yet",
        },
        "facets": ["type", "force", "place", {"array": "outcomes"}, {"array": "personnel"}],
        "sortable_columns": ["id", "document_id", "when_start", "count_low", "count_high",
                             "confidence", "case_id"],
        "label_column": "actor",
    },
    "documents": {
        "description": "The articles, one row per text (a newer text of the same URL "
                       "supersedes the older row, kept as history).",
        "columns": {
            "sha256": "SHA-256 of the text: the document's identity",
            "source_id": "The id it was ingested under (file, URL or JSONL id)",
            "url": "The article's address", "outlet": "The outlet that published it",
            "title": "Its title", "published": "Publication date",
            "text": "The plain text every offset points into",
            "lang": "Language (ISO 639-1: en, ru, ...)",
            "ingested_at": "When otkaz stored it (UTC)",
            "pipeline_version": "The otkaz extraction that last read it",
            "extracted_at": "When it was last extracted (UTC)",
            "doc_key": "Its identity across versions: URL, or PATH#ID for a JSONL record",
            "superseded_by": "The newer version's id, when one replaced this text",
            "superseded_at": "When it was replaced",
        },
        "facets": ["lang", "outlet"],
        "sortable_columns": ["id", "published", "ingested_at", "title", "outlet"],
        "sort_desc": "published",
        "label_column": "title",
    },
    "figures": {
        "description": "Aggregate numbers an article states (AWOL cases, convictions, ...), "
                       "not single cases.",
        "columns": {
            "measure": "awol_cases, desertion_cases, refusal_cases, convictions, refusers or "
                       "helped_to_leave",
            "value_low": "Lowest value stated", "value_high": "Highest value stated",
            "period_start": "Start of the period counted",
            "period_end": "End of the period counted",
            "place": f"Where, {PLACE_NOTE}",
            "sources": "JSON list: who the figure is attributed to",
        },
        "facets": ["measure", "place"],
        "sortable_columns": ["id", "period_start", "period_end", "value_low", "value_high"],
    },
    "review_log": {
        "description": "Every reviewer's action, append-only: who, when, what, before and "
                       "after.",
        "columns": {
            "at": "When (UTC)", "user": "The reviewer (or API token's user)",
            "action": "confirm, reject, reopen, edit, merge, merged_into, split, split_from, "
                      "delete_document, ...",
            "case_id": "The case acted on", "field": "The field corrected",
            "before": "The value before (JSON)", "after": "The value after (JSON)",
        },
        "facets": ["action", "user"],
        "sortable_columns": ["id", "at"],
        "sort_desc": "id",
    },
}

QUERIES: dict[str, dict[str, Any]] = {
    "cases_in_language": {
        "title": "Cases told in a language",
        "description": "Live cases with a mention in a document of this language (ISO "
                       "639-1: en, ru).",
        "sql": "select c.id, c.type, c.force, c.count_low, c.count_high, c.home, c.place, "
               "c.when_start, c.when_end, c.confidence, c.status from cases c "
               "where c.status in ('machine', 'confirmed') and exists (select 1 from mentions "
               "m join documents d on d.id = m.document_id where m.case_id = c.id and "
               "d.lang = :lang) order by c.when_start desc",
    },
    "case_articles": {
        "title": "The articles of a case",
        "description": "Every article a case's mentions are in, oldest first.",
        "sql": "select distinct d.id, d.published, d.outlet, d.title, d.url, d.lang "
               "from mentions m join documents d on d.id = m.document_id "
               "where m.case_id = :case_id order by d.published, d.id",
    },
}


class MetadataError(OtkazError):
    """Datasette metadata cannot be made for this store (E502: not a SQLite file)."""

    code = "E502"


def database_name(url: str) -> str:
    """The name Datasette gives the SQLite file at `url`: its file name without suffix.

        >>> database_name("sqlite:///data/otkaz.db")
        'otkaz'
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        raise MetadataError(f"Datasette opens SQLite files; {parsed.drivername} is not one",
                            hint="Datasette reads SQLite only: give --db sqlite:///FILE")
    path = parsed.database or ""
    if not path or path == ":memory:":
        raise MetadataError("an in-memory database has no file for Datasette to open")
    return Path(path.removeprefix("file:").split("?")[0]).stem


def datasette_metadata(database: str, *, allow_sql: bool = False) -> dict[str, Any]:
    """The metadata for the otkaz database Datasette names `database` (see the module)."""
    tables: dict[str, Any] = {name: dict(meta) for name, meta in TABLES.items()}
    for name in SECRET_TABLES:
        tables[name] = {"hidden": True, "allow": False}
    for name in HIDDEN_TABLES:
        tables[name] = {"hidden": True}
    db: dict[str, Any] = {"description": DESCRIPTION, "tables": tables, "queries": QUERIES}
    if not allow_sql:
        db["allow_sql"] = False
    return {"title": TITLE, "description": DESCRIPTION, "source": "otkaz",
            "databases": {database: db}}
