"""Field readers for a Russian incident: count, personnel, force, home, place, outcomes, sources.

    >>> read_personnel("мобилизованных контрактников")
    ['contract', 'mobilized']
    >>> read_force("бойцов ОМОН «Пластун»")
    'rosgvardia'

Each reads a piece of text with the vocabularies of `lang/ru/*.toml`; home and place come from
the parse ("из Краснодара" names a home, "в Бурятии" a place), resolved with `places.resolve_ru`.
"""

from __future__ import annotations

import functools
import re

from otkaz.extract.ru.numbers import Count, find_counts
from otkaz.extract.ru.parse import Sentence, Token
from otkaz.extract.ru.places import resolve_ru
from otkaz.extract.ru.vocab import low, table_rx
from otkaz.lang import pattern, resource, word_set
from otkaz.models import PERSONNEL, Place, Range

Span = tuple[int, int]


def read_personnel(text: str) -> list[str]:
    """Personnel codes named in `text`, in FORMAT's order."""
    lowered = low(text)
    found = {k for k, r in table_rx("actors", "personnel").items() if r.search(lowered)}
    return [p for p in PERSONNEL if p in found]


def read_force(text: str) -> str | None:
    """The first force named in `text` (`lang/ru/actors.toml` [forces]), or None."""
    lowered = low(text)
    hits = [(m.start(), k) for k, r in table_rx("actors", "forces").items()
            if (m := r.search(lowered))]
    return min(hits)[1] if hits else None


def word_span(text: str, start: int, end: int) -> Span:
    """`text[start:end]` widened to whole words (the vocabularies match word stems)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def outcome_spans(text: str, scope: list[Span]) -> dict[str, Span]:
    """Each outcome code stated in the `scope` pieces of `text`, with the words that state it
    first (`lang/ru/outcomes.toml`)."""
    found: dict[str, Span] = {}
    for start, end in scope:
        lowered = low(text[start:end])
        for code, regex in table_rx("outcomes", "outcomes").items():
            m = regex.search(lowered)
            if m and code not in found:
                found[code] = word_span(text, start + m.start(), start + m.end())
    return found


@functools.cache
def _unit_patterns() -> list[re.Pattern[str]]:
    table = resource("ru", "units")["patterns"]
    return [re.compile(pattern("ru", "units", key), re.I) for key in table]


def read_units(text: str, offset: int = 0) -> list[Span]:
    """Spans of the units named in `text`, in text order, shifted by `offset`.

        >>> t = "несколько бойцов батальона «Алга» и 138-я отдельная мотострелковая бригада"
        >>> [t[a:b] for a, b in read_units(t)]
        ['Алга', '138-я отдельная мотострелковая бригада']
    """
    found: list[Span] = []
    for rx_ in _unit_patterns():
        for m in rx_.finditer(text):
            name = "name" if m.groupdict().get("name") else 0
            span = (offset + m.start(name), offset + m.end(name))
            if not any(a < span[1] and span[0] < b for a, b in found):
                found.append(span)
    return sorted(found)


def actor_count(sent: Sentence, head: Token, text: str, actor: Span) -> Range | None:
    """How many the actor phrase names: a number in it, else one for a singular person."""
    counts = [c for c in find_counts(text[actor[0]:actor[1]], actor[0])
              if c.value.low != 0 and not _MONTH.match(text[c.span[1]:c.span[1] + 12])]
    if counts:
        return counts[0].value
    if head.lemma in word_set("ru", "actors", "group_lemmas"):
        return None
    # "Мобилизованного авиадиспетчера": a substantivised participle heads the phrase too
    if head.feats.get("Number") == "Sing" and head.pos in ("NOUN", "PROPN", "ADJ"):
        return Range(1, 1)
    return None


_MONTH = re.compile(r"\s*(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр"
                    r"|ноябр|декабр)", re.I)
_PEOPLE = re.compile(r"^\s*(?:мужчин|человек|бойц|военн|солдат|военнослужащ|мобилизованн"
                     r"|контрактник|отказник|россиян|омоновц|росгвардейц|дезертир)", re.I)


def group_counts(text: str, span: Span) -> list[Count]:
    """Counts of people in `text[span]`: a number followed by a person noun ("27 мужчин")."""
    piece = text[span[0]:span[1]]
    return [c for c in find_counts(piece, span[0])
            if _PEOPLE.match(text[c.span[1]:c.span[1] + 20]) and c.value.low != 0]


def _phrase(sent: Sentence, tok: Token) -> Span:
    """The location phrase headed by `tok`, without a relative clause after a comma
    ("Петербургом, где базируется ..." is "Петербургом")."""
    sub = sent.subtree(tok)
    stop = next((t.i for t in sub if t.i > tok.i and t.text in ",;:—()"), None)
    # nor a clause the parse hung on it from before ("..., которые отказались идти в штурм,
    # удерживают в подвале в селе Зайцево" is "селе Зайцево")
    ids = {t.i for t in sub}
    start = tok.i
    while start - 1 in ids and sent.tokens[start - 1].text not in ",;:—()" and \
            sent.tokens[start - 1].pos not in ("VERB", "AUX"):
        start -= 1
    toks = [t for t in sub if t.rel not in ("case", "punct") and (stop is None or t.i < stop)
            and t.i >= start]
    toks = [t for t in toks if t.pos in ("NOUN", "PROPN", "ADJ", "NUM", "X") or t.i == tok.i]
    return (min(t.start for t in toks), max(t.end for t in toks))


def locations(sent: Sentence, text: str, heard: bool = False,
              heads: frozenset[str] | None = None) -> list[tuple[str, Span, Place | None]]:
    """Location phrases of a sentence: ("home"|"place", span, entry); with `heard`, also
    where cases are brought or heard ("в Свердловской области возбудили 150 дел"), which
    limits a figure but is not where an incident happened.

    "из X" names where people come from; "в/на/под X" where it happened. A phrase counts when
    its head is a place (a LOC entity, a gazetteer name or an administrative word such as
    "области", `lang/ru/places.toml`) and it holds a LOC entity or resolves in the gazetteer.
    With `heads`, only the phrases hung on a word of those lemmas."""
    out: list[tuple[str, Span, Place | None]] = []
    locs = [span for kind, span in sent.entities if kind == "LOC"]
    for tok in sent.tokens:
        # the tagger reads some town names as adjectives ("под Покровском", "из Марий Эл");
        # capitalised, with a preposition of its own, such a word heads its phrase
        named_adj = tok.pos == "ADJ" and tok.text[:1].isupper() and tok.i > 0
        if tok.pos not in ("NOUN", "PROPN") and not named_adj or \
                tok.rel not in ("obl", "nmod", "nsubj", "obj"):
            continue
        case = next((k.text.lower() for k in sent.children(tok) if k.rel == "case"), None)
        if case not in ("из", "в", "во", "на", "под"):
            continue
        if case != "из" and tok.feats.get("Case") == "Acc":
            continue  # "бежали в Казахстан", "вывезли под Курск": where they went, not where
        head = sent.tokens[tok.head] if tok.head >= 0 else None
        if case != "из" and head is not None and not heard and \
                head.lemma in word_set("ru", "places", "proceeding_heads"):
            continue  # "в Чите прекращено дело", "суд в Чите": where it is heard, not where
        if heads is not None and (head is None or head.lemma not in heads):
            continue
        if case == "из" and head is not None and \
                head.lemma in word_set("ru", "places", "departure_heads"):
            continue  # "выехал из России": where he left from
        if head is not None and _place_word(sent, head, locs) and any(
                k.rel == "case" for k in sent.children(head)):
            continue  # "из поселка Каменка под Петербургом": it places the place before it
        recruited = head is not None and head.lemma in word_set("ru", "places", "recruited_heads")
        span = _phrase(sent, tok)
        if "Украин" in text[span[0]:span[1]] and case == "на":
            continue  # "на Украину" names the destination, not the place
        # the head word itself names a place: "из комендатуры в Рубежном" is no home, and
        # "в спецоперации на Украине" no place, though each holds a place name
        if not _place_word(sent, tok, locs):
            continue
        has_loc = any(s[0] < span[1] and span[0] < s[1] for s in locs)
        entry = resolve_ru(text[span[0]:span[1]])
        if not has_loc and entry is None:
            continue
        out.append(("home" if case == "из" or recruited else "place", span, entry))
    return out


def _place_word(sent: Sentence, tok: Token, locs: list[Span]) -> bool:
    """Whether `tok` names a place: inside a LOC entity, an administrative word ("области",
    "поселка") or a gazetteer name."""
    return (any(s[0] <= tok.start < s[1] for s in locs)
            or tok.lemma in word_set("ru", "places", "admin_heads")
            or resolve_ru(tok.text) is not None)
