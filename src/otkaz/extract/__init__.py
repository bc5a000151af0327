"""Extraction: find refusals, desertions and aggregate figures in a text, grounded in offsets.

    >>> from otkaz.extract import extract
    >>> extract("Twelve marines from Omsk refused to attack.", published=date(2023, 5, 2))

`extract` reads one text; `extract_documents` reads many, parsing only the paragraphs the
prefilter selects, batched through `nlp.pipe`. `PIPELINE_VERSION` is stored with every
mention, so that re-extraction after a change in behaviour can be told apart.
"""

from __future__ import annotations

from otkaz.extract.pipeline import extract, extract_documents, load_pipeline

PIPELINE_VERSION = "0.1.0"

__all__ = ["PIPELINE_VERSION", "extract", "extract_documents", "load_pipeline"]
