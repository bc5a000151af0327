"""Cross-document linking: mentions of one real incident become one case.

    >>> result = link_mentions(refs)  # MentionRefs -> cases  # doctest: +SKIP
    >>> merge_case(result.cases[key])  # every reported value kept  # doctest: +SKIP
    >>> count_origins(result.cases[key])  # origins, not echoes  # doctest: +SKIP
    >>> stats(store, by="month")  # people counted once per case  # doctest: +SKIP
    >>> relink(store); case_detail(store, 7)  # the store side  # doctest: +SKIP
    >>> link_new(store)  # after an ingest: only what new mentions reach  # doctest: +SKIP

Modules: features (what is compared), pairs (the pairwise score), cases
(blocking, clustering, keys), merge (merged record), origins (corroboration vs
echo), stats (totals), store (relink, case detail), incremental (linking only what
new mentions reach, with the cases a full relink gives).
"""

from __future__ import annotations

from typing import Any

from .cases import LinkResult, case_key, link_mentions, link_reports, report_mentions
from .features import MentionRef
from .merge import FIELDS, case_columns, case_count, merge_case
from .origins import chain_text, citations, count_origins, mention_origins, origin_names
from .pairs import PairScore, compare
from .stats import stats

__all__ = [
    "FIELDS", "LinkResult", "MentionRef", "PairScore", "case_columns", "case_count", "chain_text",
    "citations",
    "case_detail", "case_key", "compare", "count_origins", "link_document", "link_mentions",
    "link_new", "link_pending",
    "link_reports", "mention_origins", "merge_case", "origin_names", "relink",
    "report_mentions", "stats",
]


def __getattr__(name: str) -> Any:
    """The store side (relink, link_document, case_detail) loads SQLAlchemy on first use."""
    if name in ("relink", "link_pending", "link_document", "case_detail", "LinkSummary"):
        from . import store

        return getattr(store, name)
    if name == "link_new":
        from .incremental import link_new

        return link_new
    raise AttributeError(name)
