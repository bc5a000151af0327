"""Russian words in every inflection: the dictionary forms (lemmas) that full-text search uses.

    >>> "брянка" in lemmas("Брянке")
    True
    >>> lemma_line("отказались возвращаться в Брянке").split()[:2]
    ['отказаться', 'возвращаться']

The dashboard's search (otkaz.web.search) indexes each Russian word's lemmas beside the
word itself, and looks a Russian query word up by its lemmas, so "Брянка" finds
"в Брянке" and "отказался" finds "отказались". pymorphy3 gives every reading of a
word; keeping all their lemmas (not only the likeliest) means an ambiguous form still
meets the forms it shares a lemma with. Words without Cyrillic letters are left to the
search engine's own stemmer.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["CYRILLIC_WORD", "lemma_line", "lemmas"]

CYRILLIC_WORD = re.compile(r"\b[а-яёА-ЯЁ][а-яёА-ЯЁ-]*\b")


@functools.cache
def _analyzer() -> Any:
    import pymorphy3  # loaded on the first Russian word only

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """The distinct lemmas of every reading of a Russian word, likeliest first (ё as е)."""
    low = word.lower().replace("ё", "е")
    found: list[str] = []
    for parse in _analyzer().parse(low):
        form = str(parse.normal_form).replace("ё", "е")
        if form not in found:
            found.append(form)
    return tuple(found) or (low,)


def lemma_line(text: str) -> str:
    """The lemmas of every Russian word of `text`, each once, in order of first use."""
    seen: dict[str, None] = {}
    for match in CYRILLIC_WORD.finditer(text):
        for form in lemmas(match.group()):
            seen.setdefault(form, None)
    return " ".join(seen)
