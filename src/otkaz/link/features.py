"""What the linker compares: a mention reference and the features precomputed from it once.

    >>> ref = MentionRef("d1:0:refusal", "d1", Incident(type="refusal", actor="60 Pskov soldiers"))
    >>> profile(ref).actor_tokens
    frozenset({'pskov'})

Folding, unit parsing and place handling live here so that the pairwise
comparison (`pairs.py`) reads as a list of rules. Places use the gazetteer
entry the extractor attached (`Incident.geo`), else `otkaz.normalize.places`
when it is importable, else the folded string alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from otkaz.models import DateRange, Incident, Place, Range

FORCE_FAMILIES = {
    "army": "military", "airborne": "military", "marines": "military", "navy": "military",
    "rosgvardia": "security", "police": "security",
    "pmc": "pmc", "proxy": "proxy",
}  # "other" and None belong to no family: they never conflict

UNIT_KINDS = (
    "regiment", "brigade", "battalion", "company", "division", "base", "detachment",
    "squadron", "corps", "fleet", "platoon", "unit", "army", "flotilla", "group",
)
_UNIT_NUMBER = re.compile(
    r"\b(\d{1,5})(st|nd|rd|th)?((?:\s+(?!of\b)[a-z'-]+){0,4}?)\s+(" + "|".join(UNIT_KINDS)
    + r")s?\b")
_UNIT_NUMBER_AFTER = re.compile(r"\b(unit|detachment|brigade|regiment)\s+(?:no\.?\s*)?(\d{3,5})\b")
_GENERIC_UNIT_WORDS = frozenset(
    UNIT_KINDS + ("guards", "guard", "military", "motor", "rifle", "tank", "artillery", "assault",
                  "air", "naval", "infantry", "special", "forces", "the", "of", "and", "separate",
                  "mechanised", "mechanized", "reconnaissance", "engineer", "sapper", "airborne",
                  "mountain", "marine", "marines", "fleet", "black", "sea", "baltic", "northern",
                  "pacific", "people's", "peoples", "militia", "republic", "so-called", "crew",
                  "ship", "landing", "volunteer", "volunteers", "st", "nd", "rd", "th", "a", "an",
                  "its", "their", "our", "his", "from", "in"))
# transliterated Russian words of units that name no unit in particular
_RU_GENERIC_UNIT = re.compile(
    r"(?:polk|brigad|batalon|batalyon|rot|divizi|otryad|korpus|armi|flot|vzvod|baz|chast"
    r"|voyskov|voinsk|gvardeysk|motostrelk|tankov|artilleri|desantn|shturmov|otdeln|mobiliz"
    r"|v$|vch$|na$|iz$|ikh$)")
_PLACE_GENERIC = frozenset((
    "region", "oblast", "province", "krai", "kray", "republic", "of", "the", "people's",
    "peoples", "so-called", "city", "district", "okrug", "autonomous", "territory", "area",
))
_ACTOR_STOP = frozenset((
    "a", "an", "the", "of", "from", "in", "at", "on", "and", "or", "who", "which", "that",
    "about", "around", "approximately", "roughly", "nearly", "almost", "more", "than", "over",
    "at", "least", "some", "several", "dozens", "dozen", "hundreds", "hundred", "group", "all",
    "them", "they", "their", "our", "we", "us", "his", "her", "its", "to", "with", "by", "for",
    "between", "among", "other", "another", "were", "was", "had", "have", "been", "as",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "so-called",
))


@dataclass(frozen=True)
class MentionRef:
    """One incident as one document tells it, with what linking needs to know of its document.

    `key` identifies the mention stably (the store's `mention_key`); `id` is the
    store's row id when there is one. Results name mentions by `id` when set,
    else by `key`.
    """

    key: str
    document_id: str
    incident: Incident
    published: date | None = None
    outlet: str | None = None
    id: int | None = None

    @property
    def name(self) -> int | str:
        """How merged records and results refer to this mention."""
        return self.id if self.id is not None else self.key

    @property
    def evidence_start(self) -> int:
        return min((s for s, _ in self.incident.evidence), default=-1)

    @property
    def order_key(self) -> tuple[date, str, int, str]:
        """Earliest report first: published date (undated last), document, offset, key."""
        return (self.published or date.max, self.document_id, self.evidence_start, self.key)


@lru_cache(maxsize=1)
def _translit() -> dict[int, str]:
    """Cyrillic letter -> Latin spelling (lang/ru/linking.toml), both cases, for str.translate."""
    from otkaz.lang import resource

    table: dict[int, str] = {}
    for letter, latin in resource("ru", "linking")["translit"].items():
        table[ord(letter)] = latin
        table[ord(letter.upper())] = latin
    return table


def has_cyrillic(text: str | None) -> bool:
    """Whether `text` holds a Cyrillic letter."""
    return bool(text) and _CYRILLIC.search(text or "") is not None


_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


@lru_cache(maxsize=1 << 16)  # profile() of every mention read: names and phrases repeat
def fold(text: str | None) -> str:
    """Lower case, accents and apostrophes removed, runs of other punctuation made one space;
    Cyrillic written in Latin letters, so that names compare across scripts.

        >>> fold("Sievierodonets’k  (Luhansk)")
        'sievierodonetsk luhansk'
        >>> fold("«Медиазона»")
        'mediazona'
    """
    if not text:
        return ""
    if _CYRILLIC.search(text):  # before NFKD, which would split й into и and a breve
        text = text.translate(_translit())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"['’`ʼ]", "", plain)
    return " ".join(re.sub(r"[^a-z0-9-]+", " ", plain).split())


@lru_cache(maxsize=1 << 16)  # profile() of every mention read: names and phrases repeat
def name_key(text: str | None) -> str:
    """A folded name without a leading article, for comparing sources and outlets."""
    folded = fold(text)
    return folded[4:] if folded.startswith("the ") else folded


@lru_cache(maxsize=100_000)
def skeleton(key: str) -> str:
    """A transliteration-blind form: Luhansk/Lugansk, Vuhledar/Ugledar, Sievierodonetsk/Severo-."""
    s = key.replace(" ", "")
    for old, new in (("kh", "h"), ("ie", "e"), ("yi", "i"), ("iy", "y"), ("yo", "e"),
                     ("ye", "e"), ("h", "g"), ("y", "i"), ("w", "v"), ("vu", "u")):
        s = s.replace(old, new)
    if s.endswith("iv"):  # Kharkiv/Kharkov, Lviv/Lvov
        return s[:-2] + "ov"
    return s[:-1] if len(s) > 4 and s[-1] in "aeiou" else s  # Svatove/Svatovo


@lru_cache(maxsize=1 << 16)  # profile() of every mention read: names and phrases repeat
def place_key(text: str | None) -> str:
    """A folded place name without generic words: "the Lugansk region" -> "lugansk"."""
    return " ".join(w for w in fold(text).replace("-", " ").split() if w not in _PLACE_GENERIC)


def _stem(word: str) -> str:
    word = word.replace("mobilised", "mobilized").replace("ise", "ize")
    for suffix in ("ies", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


_PERSON_NOUNS = frozenset((
    "man", "men", "soldier", "serviceman", "servicemen", "troop", "fighter", "personnel",
    "serviceperson", "trooper", "recruit", "draftee", "guy",
))  # one outlet's "12 mobilised men" is another's "a dozen soldiers": no evidence either way


@lru_cache(maxsize=1 << 16)  # profile() of every mention read: names and phrases repeat
def actor_tokens(actor: str | None) -> frozenset[str]:
    """Content words of an actor phrase, stemmed: "60 Pskov men" -> {"pskov"}.

    Plain words for servicemen ("men", "soldiers", "troops", "fighters") are left
    out: outlets pick among them freely, so they tell nothing about identity.
    """
    if has_cyrillic(actor):
        return _ru_actor_tokens(actor or "")
    words = fold(actor).replace("-", " ").split()
    stems = (_stem(w) for w in words if w not in _ACTOR_STOP and not w.isdigit() and len(w) > 1)
    return frozenset(w for w in stems if w not in _PERSON_NOUNS)


def _ru_actor_tokens(actor: str) -> frozenset[str]:
    """A Russian actor's content words as lemmas, so that case forms meet ("мобилизованных
    из Новосибирска" / "новосибирские мобилизованные" share "мобилизовать")."""
    from otkaz.lang import word_set
    from otkaz.lang.lemmas import CYRILLIC_WORD, lemmas

    generic = word_set("ru", "linking", "actor_generic")
    found = (lemmas(m.group())[0] for m in CYRILLIC_WORD.finditer(actor))
    return frozenset(w for w in found if len(w) > 2 and w not in generic)


@dataclass(frozen=True)
class UnitKey:
    """A unit reduced to what identifies it: numbered parts ("113", "regiment") and name words."""

    numbers: frozenset[tuple[str, str]] = frozenset()
    names: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.numbers or self.names)


@lru_cache(maxsize=1)
def _ru_unit_patterns() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """Russian numbered units: "237-го полка" (number, kind word), "в/ч 12345" (lang/ru)."""
    from otkaz.lang import pattern, resource

    kinds: dict[str, str] = resource("ru", "linking")["unit_kinds"]
    stems = "|".join(sorted(kinds, key=len, reverse=True))
    before = re.compile(r"(\d{1,5})\s*(?:-?\s*[а-яё]{1,3})?\s+(?:[а-яё-]+\s+){0,3}?("
                        + stems + r")[а-яё]*", re.IGNORECASE)
    after = re.compile(pattern("ru", "linking", "unit_number_after"), re.IGNORECASE)
    return before, kinds, after


def ru_unit_numbers(text: str, strict: bool = False) -> frozenset[tuple[str, str]]:
    """The numbered units of a Russian phrase as (number, English kind).

        >>> sorted(ru_unit_numbers("1-й батальон 237-го полка"))
        [('1', 'battalion'), ('237', 'regiment')]
        >>> sorted(ru_unit_numbers("войсковой части 12345"))
        [('12345', 'unit')]

    `strict`, as unit_key's: only numbers of three digits or more (in an actor phrase,
    "5 бойцов роты" is a count).
    """
    before, kinds, after = _ru_unit_patterns()
    found = {(m.group(1), kinds[m.group(2).lower()]) for m in before.finditer(text)
             if not strict or len(m.group(1)) >= 3}
    found |= {(m.group(1), "unit") for m in after.finditer(text)}
    return frozenset(found)


@lru_cache(maxsize=1 << 16)  # profile() of every mention read: names and phrases repeat
def unit_key(unit: str | None, strict: bool = False) -> UnitKey:
    """Parse a unit phrase: "the 113th rifle regiment" -> numbers {("113", "regiment")}.

        >>> sorted(unit_key("3rd battalion of the 1425th motor rifle regiment").numbers)
        [('1425', 'regiment'), ('3', 'battalion')]

    `strict` (for actor phrases, where "5 soldiers of a company" is a count) keeps
    only ordinals ("113th") and numbers of three digits or more.
    """
    folded = fold(unit)
    if not folded:
        return UnitKey()
    if has_cyrillic(unit):  # Russian unit words and case endings: their own reader
        names = frozenset(skeleton(w) for w in folded.replace("-", " ").split()
                          if not w[0].isdigit() and len(w) > 2
                          and not _RU_GENERIC_UNIT.match(w)) if not strict else frozenset()
        return UnitKey(ru_unit_numbers(unit or "", strict), names)
    numbers = {(m.group(1), m.group(4)) for m in _UNIT_NUMBER.finditer(folded)
               if not strict or m.group(2) or len(m.group(1)) >= 3}
    numbers |= {(m.group(2), m.group(1)) for m in _UNIT_NUMBER_AFTER.finditer(folded)}
    names = frozenset(skeleton(w) for w in folded.replace("-", " ").split()
                      if w not in _GENERIC_UNIT_WORDS and not w[0].isdigit() and len(w) > 2)
    return UnitKey(frozenset(numbers), names)


# ---------------------------------------------------------------- places

Resolver = Callable[[str], "Place | None"]


@lru_cache(maxsize=1)
def _gazetteer() -> Resolver | None:
    """`otkaz.normalize.places.resolve_place`, or None while it is not available."""
    try:  # English and Russian phrases alike, to the same entries
        from otkaz.normalize.identity import resolve_any
    except ImportError:
        return None
    return resolve_any


Relation = Callable[["Place", "Place"], bool]


@lru_cache(maxsize=1)
def gazetteer_relations() -> tuple[Relation, Relation] | None:
    """`(same_place, place_contains)` of `otkaz.normalize.places`, or None without it."""
    try:
        from otkaz.normalize.places import place_contains, same_place
    except ImportError:
        return None
    return same_place, place_contains


@lru_cache(maxsize=20000)
def resolve(text: str) -> Place | None:
    """The gazetteer entry for a place phrase, or None (unknown, or no gazetteer)."""
    resolver = _gazetteer()
    if resolver is None:
        return None
    try:
        return resolver(text)
    except Exception:  # noqa: BLE001 - a gazetteer failure must not stop linking
        return None


def region_of(place: Place) -> str | None:
    """The folded name of the first-level region a place lies in (itself for a region)."""
    if place.precision == "country":
        return None
    if place.precision == "region":
        return place_key(place.admin1 or place.name)
    return place_key(place.admin1) if place.admin1 else None


@dataclass(frozen=True)
class PlaceInfo:
    """A place as stated and, when the gazetteer knows it, as resolved."""

    text: str
    key: str  # place_key(text)
    geo: Place | None

    @property
    def region(self) -> str | None:
        return region_of(self.geo) if self.geo else None

    @property
    def precision(self) -> str:
        return self.geo.precision if self.geo else "other"


def place_info(text: str | None, geo: Place | None) -> PlaceInfo | None:
    if not text and geo is None:
        return None
    stated = text or (geo.name if geo else "")
    return PlaceInfo(stated, place_key(stated), geo if geo is not None else resolve(stated))


# ---------------------------------------------------------------- partitive actors

_PARTITIVE = re.compile(r"\bof\s+(?:the|these|those)\s+", re.IGNORECASE)


@lru_cache(maxsize=20000)
def group_count(actor: str | None) -> Range | None:
    """The whole group of a partitive actor: "Two of the twelve mobilised men" -> 12..12.

    A follow-up often tells what befell part of the group; its count is the part,
    the group it belongs to is the case's.
    """
    if not actor:
        return None
    m = _PARTITIVE.search(actor)
    if m is None:
        return None
    from otkaz.normalize.counts import find_counts  # loaded only when an actor is partitive

    found = find_counts(actor[m.end():])
    if not found or found[0][0] != 0:
        return None
    return found[0][2]


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class Profile:
    """The features of one mention, computed once before any comparison."""

    ref: MentionRef
    type: str
    force: str | None
    family: str | None
    personnel: frozenset[str]
    unit: UnitKey
    actor_units: frozenset[tuple[str, str]]
    count: Range | None
    home: PlaceInfo | None
    place: PlaceInfo | None
    when: DateRange | None
    published: date | None
    sources: frozenset[str]
    chain_names: frozenset[str]
    outlet: str
    actor_tokens: frozenset[str] = field(default_factory=frozenset)
    group_count: Range | None = None  # "two of the twelve men": the twelve
    order: tuple[date, str, int, str] = (date.max, "", -1, "")  # ref.order_key
    # "cyrillic" when the mention is worded in Russian: its actor words can't meet English ones
    script: str = "latin"
    outcomes: frozenset[str] = frozenset()
    # unit.numbers | actor_units, and their kinds: read by every comparison of the mention
    numbers: frozenset[tuple[str, str]] = frozenset()
    unit_kinds: frozenset[str] = frozenset()


def profile(ref: MentionRef) -> Profile:
    """Precompute the features of a mention."""
    inc = ref.incident
    count = inc.count if inc.count and (inc.count.low is not None or inc.count.high is not None) \
        else None
    unit, actor_units = unit_key(inc.unit), unit_key(inc.actor, strict=True).numbers
    numbers = unit.numbers | actor_units
    return Profile(
        ref=ref, type=inc.type, force=inc.force, family=FORCE_FAMILIES.get(inc.force or ""),
        personnel=frozenset(inc.personnel), unit=unit, actor_units=actor_units, count=count,
        numbers=numbers, unit_kinds=frozenset(k for _, k in numbers),
        home=place_info(inc.home, inc.geo.get("home")),
        place=place_info(inc.place, inc.geo.get("place")),
        when=inc.when, published=ref.published,
        sources=frozenset(k for k in (name_key(s) for s in inc.sources) if k),
        chain_names=frozenset(k for k in (name_key(c.name) for c in inc.chain) if k),
        outlet=name_key(ref.outlet), actor_tokens=actor_tokens(inc.actor), order=ref.order_key,
        group_count=group_count(inc.actor), script=script_of(inc),
        outcomes=frozenset(inc.outcomes),
    )


def script_of(incident: Incident) -> str:
    """"cyrillic" when the incident's own words (actor, else unit or places) are Russian."""
    for text in (incident.actor, incident.unit, incident.home, incident.place):
        if text:
            return "cyrillic" if has_cyrillic(text) else "latin"
    return "latin"
