"""Russian parsing: natasha's sentence splitter, slovnet's morphology, UD syntax and NER.

    >>> sents = parse("Двенадцать омоновцев отказались ехать на Украину.")
    >>> [(t.text, t.lemma, t.rel) for t in sents[0].tokens][:2]
    [('Двенадцать', 'двенадцать', 'nummod:gov'), ('омоновцев', 'омоновец', 'nsubj')]

The models ship inside the `natasha` wheel (navec embeddings, slovnet taggers), so nothing is
fetched at run time; lemmas come from pymorphy3, the reading chosen by slovnet's part of speech.
Offsets index the text as given.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

# slovnet's UD part of speech -> pymorphy's tags that agree with it, to pick the lemma.
_POS_AGREES = {
    "NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"}, "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS", "NUMR"},
    "NUM": {"NUMR", "ADJF"}, "ADV": {"ADVB", "COMP", "PRED"}, "DET": {"NPRO", "ADJF"},
    "PRON": {"NPRO"},
}


@dataclass(frozen=True)
class Token:
    """One word: offsets into the whole text, its lemma and its UD relation to `head`."""

    i: int  # index in the sentence
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str]
    head: int  # index of the head in the sentence, -1 for the root
    rel: str


@dataclass
class Sentence:
    """A sentence with its tokens and named entities (type PER, LOC or ORG)."""

    start: int
    end: int
    tokens: list[Token]
    entities: list[tuple[str, Span]] = field(default_factory=list)

    def children(self, tok: Token) -> list[Token]:
        """The tokens whose head is `tok`, in order."""
        return [t for t in self.tokens if t.head == tok.i]

    def subtree(self, tok: Token) -> list[Token]:
        """`tok` and everything below it, in text order."""
        seen, todo = {tok.i}, [tok]
        while todo:  # a parse may hold a cycle: each token is visited once
            kids = [k for k in self.children(todo.pop()) if k.i not in seen]
            seen.update(k.i for k in kids)
            todo += kids
        return [t for t in self.tokens if t.i in seen]

    def ancestors(self, tok: Token) -> list[Token]:
        """The heads above `tok`, nearest first (cycles cut)."""
        out: list[Token] = []
        while tok.head >= 0 and len(out) < len(self.tokens):
            tok = self.tokens[tok.head]
            out.append(tok)
        return out


@functools.cache
def _models() -> tuple[Any, Any, Any, Any]:
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    from threadpoolctl import threadpool_limits

    # slovnet runs its small matrices through numpy's BLAS. With a BLAS thread per core,
    # any other busy process (a second Dask worker, the web server, another job) makes
    # those threads wait on each other: 10 articles took 13 s on two shared cores instead
    # of 2.6 s with one thread (bench/languages.py measures it).
    threadpool_limits(limits=1, user_api="blas")
    emb = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)


@functools.cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=65536)
def lemma(word: str, pos: str = "") -> str:
    """The dictionary form of `word`, the reading agreeing with the UD `pos` first.

        >>> lemma("Псковской", "ADJ")
        'псковский'
    """
    low = word.lower()
    if not any("а" <= c <= "я" or c == "ё" for c in low):
        return low
    parses = _analyzer().parse(low)
    agree = _POS_AGREES.get(pos, set())
    best = next((p for p in parses if p.tag.POS in agree), parses[0])
    return str(best.normal_form).replace("ё", "е")


@functools.lru_cache(maxsize=16384)
def lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary form `word` may have, the likeliest first.

        >>> "покровск" in lemmas("Покровском")
        True
    """
    forms = [str(p.normal_form).replace("ё", "е") for p in _analyzer().parse(word.lower())]
    return tuple(dict.fromkeys(forms))


def parse(text: str) -> list[Sentence]:
    """Sentences of `text` with tokens, lemmas, UD relations and entities.

    A line break ends a sentence: a headline, a dateline or a byline has no full stop, and
    natasha's splitter would join it to the next line.

        >>> [len(s.tokens) for s in parse("Заголовок без точки\\nСолдаты отказались.")]
        [3, 3]
    """
    out: list[Sentence] = []
    for block in re.finditer(r"[^\n]+", text):
        if block.group().strip():
            out += _parse_block(block.group(), block.start())
    return out


def _parse_block(text: str, offset: int) -> list[Sentence]:
    from natasha import Doc

    segmenter, morph, syntax, ner = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.parse_syntax(syntax)
    doc.tag_ner(ner)
    out: list[Sentence] = []
    for sent in doc.sents:
        ids = {t.id: k for k, t in enumerate(sent.tokens)}
        tokens = [Token(k, offset + t.start, offset + t.stop, t.text, lemma(t.text, t.pos),
                        t.pos, dict(t.feats), ids.get(t.head_id, -1), t.rel)
                  for k, t in enumerate(sent.tokens)]
        out.append(Sentence(offset + sent.start, offset + sent.stop, tokens))
    for span in doc.spans:
        for s in out:
            if s.start <= offset + span.start < s.end:
                s.entities.append((span.type, (offset + span.start, offset + span.stop)))
                break
    return out


def warm_up() -> None:
    """Load the models now, not while the first document waits."""
    parse("Солдат отказался.")
