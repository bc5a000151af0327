"""otkaz's spaCy components; importing this package registers their factories.

    >>> import otkaz.extract.components
    >>> "otkaz_triggers" in spacy.registry.factories

Order in the pipeline (see `otkaz.extract.pipeline.load_pipeline`):
otkaz_newline_sentences (before the parser), otkaz_gazetteer (after NER),
otkaz_parse_repairs, otkaz_triggers,
otkaz_arguments, otkaz_attribution, otkaz_outcomes, otkaz_figures.
"""

from otkaz.extract.components import (  # noqa: F401
    arguments,
    attribution,
    figures,
    gazetteer,
    outcomes,
    repairs,
    sentences,
    triggers,
)
