"""Extraction: find refusals, desertions and aggregate figures in a text, grounded in offsets.

    >>> from otkaz.extract import extract
    >>> extract("Twelve marines from Omsk refused to attack.", published=date(2023, 5, 2))

`extract` reads one text; `extract_documents` reads many, parsing only the paragraphs the
prefilter selects, batched through `nlp.pipe`. `PIPELINE_VERSION` is stored with every
mention, so that re-extraction after a change in behaviour can be told apart.
"""

from __future__ import annotations

import sys
import types
from datetime import date

from otkaz.extract.pipeline import extract, extract_documents, load_pipeline
from otkaz.models import Report

PIPELINE_VERSION = "0.7.0"  # 0.7.0: cases against people, shares, other outlets' RU wording

__all__ = ["PIPELINE_VERSION", "extract", "extract_documents", "load_pipeline"]


class _CallableModule(types.ModuleType):
    """Importing this package sets `otkaz.extract` to the package, shadowing the function
    `otkaz.extract(text, published=...)`; making the package callable keeps that call working."""

    def __call__(self, text: str, published: date | None = None, doc_id: str = "doc") -> Report:
        return extract(text, published=published, doc_id=doc_id)


sys.modules[__name__].__class__ = _CallableModule
