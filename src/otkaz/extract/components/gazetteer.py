"""`otkaz_gazetteer`: mark place names from the gazetteer in `doc.spans["otkaz_places"]`.

    >>> nlp.add_pipe("otkaz_gazetteer", after="ner")
    >>> [s.text for s in nlp("Twelve men from Kostroma refused.").spans["otkaz_places"]]
    ['Kostroma']

The small English model misses or mislabels many Russian and Ukrainian places ("Kherson" as
a person, "Crimea" as an organisation); the gazetteer (`otkaz.normalize.places`) knows them.
Matching is case-sensitive on the forms the gazetteer lists, so "may" and "Bar" stay safe.
The NER's entities are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

PLACE_SPANS_KEY = "otkaz_places"
# Places the text names often that a city gazetteer may lack.
EXTRA_PLACES: tuple[str, ...] = (
    "Southern Military District", "Western Military District", "Central Military District",
    "Eastern Military District", "Northern Military District", "Leningrad Military District",
    "Moscow Military District", "Donbas", "Donbass",
    "Volga Federal District", "Central Federal District", "Southern Federal District",
    "North Caucasus Federal District", "Northwestern Federal District", "Urals Federal District",
    "Ural Federal District", "Siberian Federal District", "Far Eastern Federal District",
)


def _gazetteer_surfaces() -> list[str]:
    try:
        from otkaz.normalize.places import gazetteer_names
    except ImportError:
        return []
    return [surface for surface, _ in gazetteer_names()]


class GazetteerRuler:
    """A PhraseMatcher over gazetteer surfaces that writes spans, not entities."""

    def __init__(self, nlp: Language, extra: Iterable[str]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        surfaces = sorted({s for s in [*_gazetteer_surfaces(), *extra]
                           if s and s[0].isupper() and len(s) > 2})
        variants = set(surfaces)
        for s in surfaces:
            variants.add(s.replace("'", "’"))
        self.matcher.add("PLACE", [nlp.make_doc(v) for v in sorted(variants)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        doc.spans[PLACE_SPANS_KEY] = filter_spans(spans)
        return doc


@Language.factory(
    "otkaz_gazetteer",
    default_config={"extra_places": list(EXTRA_PLACES)},
    assigns=["doc.spans"],
)
def make_gazetteer(nlp: Language, name: str, extra_places: list[str]) -> GazetteerRuler:
    """Build the gazetteer ruler from `otkaz.normalize.places` plus `extra_places`."""
    return GazetteerRuler(nlp, extra_places)
