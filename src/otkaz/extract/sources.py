"""Attribution across a document: resolve "the newspaper", "he", "we" to names said before.

    >>> book = SourceBook(self_org=None)
    >>> book.read(records)           # attribution records of a document, in text order
    >>> book.links_for(sentence_start, trigger_start)
    [ChainLink(name='Volga Courier', kind='outlet', ...), ChainLink(name=None, ...)]

A named link is remembered with its kind; an anaphor ("the publication", "the group", "He",
"According to him") takes the most recent name of its kind. A person remembered with the
organisation that introduced them ("Agora, headed by Pavel Chikov") brings it along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from otkaz.extract import lexicon as lx
from otkaz.lang import alternatives, word_set
from otkaz.models import ChainLink

_SELF_ORG_RES = (
    re.compile(r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,4}),? (?:is )?an? (?:[\w-]+ ){0,3}"
               r"(?:foundation|group|network|organi[sz]ation|project|fund|movement|NGO|charity"
               r"|initiative|association|union|coalition|service)\b"),
    re.compile(r"^(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,4}): our\b", re.MULTILINE),
)
_FINDINGS = (r"(?:count|counts|analysis|research|study|calculations?|tally|data|investigation"
             r"|review)")
_OWN_FINDING = (
    re.compile(r"\b(?P<name>[A-Z][\w.-]+(?: [A-Z][\w.-]+){0,3})(?:'s|’s)? (?:own )?"
               + _FINDINGS + r"\b[^.\n]{0,60}? (?:shows?|showed|found|finds|suggests?"
               r"|reveals?|revealed)\b"),
    re.compile(r"\b(?:an? |the )?" + _FINDINGS + r" (?:by|of) (?P<name>[A-Z][\w.-]+"
               r"(?: [A-Z][\w.-]+){0,3}) (?:shows?|showed|found|finds)\b"),
    # "'Mediazona' released an investigative report revealing that ..."
    re.compile(r"(?:^|[\s(])['‘\"“]?(?P<name>[A-Z][\w.-]+(?: [A-Z][\w.-]+){0,3})['’\"”]? "
               r"(?:has |have )?(?:released|published|issued) (?:an? |its |their |the )?"
               r"(?:\w+ ){0,2}(?:report|" + _FINDINGS[3:-1] + r")s? (?:revealing|showing|"
               r"finding|which (?:shows|showed|found|revealed))\b"),
)
# "Source: Verstka", "Sources: Agora, OVD-Info": a line crediting the whole article.
_CREDIT_LINE = re.compile(r"^(?:" + "|".join(alternatives("en", "attribution", "credit_labels"))
                          + r")\s*:\s*(?P<names>[^\n]{2,120})$", re.MULTILINE | re.IGNORECASE)
# Verbs of an outlet's own work: "The Volga Courier has reported", "X established".
OWN_WORK_VERBS = word_set("en", "attribution", "own_work_verbs")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")


def credit_lines(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The names a "Source: ..." line credits for the whole article: the last capitalised run
    of each listed item ("Source: Russian media outlet Mediazona" gives Mediazona); a platform
    ("Source: Telegram") or a descriptor alone ("Source: our correspondent") names no one."""
    out: list[tuple[str, tuple[int, int]]] = []
    for m in _CREDIT_LINE.finditer(text):
        offset = m.start("names")
        for part in re.finditer(r"[^,;]+", m.group("names")):
            for item in re.finditer(r"(?:(?<= and )|^)(?:(?! and ).)+", part.group().strip()):
                words = item.group().split(" ")
                run: list[str] = []
                for w in reversed(words):
                    if not w or not (w[0].isupper() or w[0].isdigit()):
                        break
                    run.insert(0, w)
                if not run or " ".join(run).lower() in lx.PLATFORMS:
                    continue
                name = " ".join(run).strip(".")
                start = offset + part.start() + (len(part.group()) - len(
                    part.group().lstrip())) + item.start() + item.group().rfind(name)
                out.append((name, (start, start + len(name))))
    return out


def self_organisation(text: str) -> tuple[str, tuple[int, int]] | None:
    """The organisation a document speaks for ("Open Barracks, a network of lawyers ..."
    followed by "we", "our"), with the span of its name, or None for news reports."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    if len(_FIRST_PERSON.findall(unquoted)) < 2:
        return None
    head = text[:1500]
    for regex in _SELF_ORG_RES:
        m = regex.search(head)
        if m:
            name = m.group("name")
            for stop in ("The ", "A ", "An ", "Our "):
                if name.startswith(stop):
                    name = name[len(stop):]
            if not name or name.split()[0].lower() in ("we", "i", "this", "it"):
                continue
            start = m.start("name") + m.group("name").find(name)
            return name, (start, start + len(name))
    return None


@dataclass
class ResolvedLink:
    name: str | None
    kind: str
    span: tuple[int, int] | None
    cites: int | None = None
    affiliates: list[tuple[str, tuple[int, int] | None]] = field(default_factory=list)
    main: bool = True  # said by the sentence's main verb or "according to"


@dataclass
class SentenceAttribution:
    sent: tuple[int, int]
    links: list[ResolvedLink]
    scope: dict[int, list[int]]
    confirms: bool = False


class SourceBook:
    """Reads the attribution records of one document in order and resolves anaphors."""

    def __init__(self, self_org: tuple[str, tuple[int, int]] | None,
                 publisher: str | None = None) -> None:
        self.self_org = self_org
        self.publisher = (publisher or "").lower().split(" (")[0].strip()
        self.own_findings: set[str] = set()
        self.credited: list[tuple[str, tuple[int, int] | None]] = []  # "Source: X" lines
        self.memory: list[tuple[str, str, tuple[int, int] | None]] = []  # name, kind, span
        # the words a source was introduced by: "the agency" is "Interfax" after "the news
        # agency Interfax", though "agency" is no part of its name
        self.described: dict[str, set[str]] = {}
        self.affiliation: dict[str, tuple[str, tuple[int, int] | None]] = {}
        self.sentences: list[SentenceAttribution] = []

    def _full_name(self, name: str, kind: str) -> tuple[str, str]:
        """ "Markova" after "Yelena Markova": the full name, and the kind known for it."""
        if " " not in name:
            for known, k, _ in reversed(self.memory):
                if k == "person" and known.split()[-1] == name:
                    return known, "person"
        for known, k, _ in reversed(self.memory):
            if known == name and k == "person":
                return name, "person"
        return name, kind

    def remember(self, name: str, kind: str, span: tuple[int, int] | None) -> None:
        name, kind = self._full_name(name, kind)
        self.memory.append((name, kind, span))

    def _recall(self, kind: str, word: str = "") -> tuple[str, tuple[int, int] | None] | None:
        if kind == "self":
            return self.self_org
        for name, k, span in reversed(self.memory):
            if word and word in self.described.get(name, ()):
                return name, span
            if word and word not in ("newspaper", "publication", "site", "group", "organisation",
                                     "organization", "outlet", "channel", "portal") \
                    and word not in name.lower():
                continue
            if k == kind or (kind == "organisation" and k == "outlet" and not word):
                return name, span
        return None

    def read(self, records: list[dict[str, Any]]) -> None:
        """Resolve every record (absolute offsets, sorted by position)."""
        for rec in records:
            for known in rec.get("names") or []:
                self.remember(known["name"], known["kind"], tuple(known["span"]))
            resolved: list[ResolvedLink] = []
            for link in rec["links"]:
                name, kind, span = link.get("name"), link["kind"], link.get("span")
                if name is not None:
                    name, kind = self._full_name(name, kind)
                if name is None and link.get("anaphor"):
                    found = self._recall(link["anaphor"], link.get("word", ""))
                    if found is not None:
                        name = found[0]
                        if link["anaphor"] == "self":
                            kind = "organisation"
                if name is not None and link.get("name") is not None:
                    self.remember(name, kind, span)
                    if link.get("word"):
                        self.described.setdefault(name, set()).add(link["word"])
                    if link.get("verb") in OWN_WORK_VERBS and self.is_publisher(name):
                        self.own_findings.add(name.lower())  # "The Courier has reported"
                    parent = link.get("affiliate_of")
                    if parent is not None and rec["links"][parent].get("name") and \
                            rec["links"][parent]["name"] != name:
                        owner = rec["links"][parent]
                        if kind == "person" and owner["kind"] != "person":
                            self.affiliation[name] = (owner["name"], owner.get("span"))
                        elif owner["kind"] == "person" and kind != "person":
                            self.affiliation[owner["name"]] = (name, span)
                r = ResolvedLink(name, kind if name else "anonymous" if kind in (
                    "anonymous",) else kind, span, link.get("cites"),
                    main=bool(link.get("main", True)))
                if name and name in self.affiliation:
                    r.affiliates.append(self.affiliation[name])
                resolved.append(r)
            scope = {int(k): v for k, v in rec["scope"].items()}
            self.sentences.append(SentenceAttribution(tuple(rec["sent"]), resolved, scope,
                                                      bool(rec.get("confirms"))))

    def _sentence(self, start: int) -> SentenceAttribution | None:
        for s in self.sentences:
            if s.sent[0] <= start < s.sent[1]:
                return s
        return None

    def links_for(self, position: int, trigger: int | None = None) -> list[ResolvedLink]:
        """The links that vouch for what is said at `position` (a trigger when given)."""
        s = self._sentence(position)
        if s is None:
            return []
        if trigger is not None and trigger in s.scope:
            return [s.links[i] for i in s.scope[trigger] if i < len(s.links)]
        return list(s.links)

    def previous_links(self, position: int, floor: int) -> list[ResolvedLink]:
        """The links of the nearest earlier sentence at or after `floor` that has named ones."""
        for s in reversed(self.sentences):
            if s.sent[0] >= position or s.sent[0] < floor:
                continue
            if any(link.name for link in s.links):
                return list(s.links)
        return []

    def named_spans(self) -> list[tuple[int, int]]:
        """Where sources are named (no place is read from there)."""
        return [link.span for s in self.sentences for link in s.links
                if link.name and link.span]

    def confirmations(self) -> list[SentenceAttribution]:
        """Sentences such as "X later confirmed this information"."""
        return [s for s in self.sentences if s.confirms]

    def is_publisher(self, name: str) -> bool:
        low = name.lower()
        if low in self.own_findings:
            return False  # "Mediazona's count shows": the outlet's own finding (FORMAT.md)
        return bool(self.publisher) and (low == self.publisher or low in self.publisher
                                         or self.publisher in low)

    def note_own_findings(self, text: str) -> None:
        """Names that present figures as their own research ("Mediazona's count of court
        filings shows", "an analysis by Mediazona found")."""
        self.own_findings |= {m.group("name").lower() for r in _OWN_FINDING for m in
                              r.finditer(text)}
        self.credited = [(n, sp) for n, sp in credit_lines(text) if not self.is_publisher(n)]


def chain_and_sources(links: list[ResolvedLink], book: SourceBook
                      ) -> tuple[list[ChainLink], list[tuple[str, tuple[int, int] | None]]]:
    """The chain (named and anonymous links) and the named sources, publisher left out."""
    chain: list[ChainLink] = []
    sources: list[tuple[str, tuple[int, int] | None]] = []
    seen: set[str] = set()
    base = 0
    for link in links:
        if link.name and book.is_publisher(link.name):
            continue
        cites = None if link.cites is None else link.cites - links.index(link) + len(chain)
        chain.append(ChainLink(link.name, link.kind if link.name or link.kind != "person"
                               else "anonymous", link.span, cites))
        for name, span in [(link.name, link.span)] + list(link.affiliates):
            if not name or book.is_publisher(name):
                continue
            low = name.lower()
            if any(low in s or s in low for s in seen):
                continue
            seen.add(low)
            sources.append((name, span))
    del base
    for name, span in book.credited:  # "Source: X": credited for all the article tells
        low = name.lower()
        if not any(low in s or s in low for s in seen):
            seen.add(low)
            sources.append((name, span))
    for c in chain:
        if c.cites is not None and not 0 <= c.cites < len(chain):
            c.cites = None
    return chain, sources
