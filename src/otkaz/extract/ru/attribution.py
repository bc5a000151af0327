"""Named sources in Russian text: "сообщает NGS.ru", "по данным СКР", "«Медиазона» рассказывает".

    >>> from otkaz.extract.ru.parse import parse
    >>> t = "Об этом сообщил правозащитник Павел Чиков в Telegram-канале."
    >>> [t[s:e] for s, e in find_sources(parse(t), t)]
    ['Павел Чиков']

A source is a named entity (PER or ORG), a «quoted» name or a Latin-script name (NGS.ru,
ASTRA) standing right after an attribution cue or right before a cue that follows its name;
titles ("правозащитник") are left out, and anonymous sources (`lang/ru/attribution.toml`
anonymous) never count.
"""

from __future__ import annotations

import re

from otkaz.extract.ru.parse import Sentence
from otkaz.extract.ru.vocab import low, rx

Span = tuple[int, int]

_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{2,40})[»\"”]")
_LATIN = re.compile(r"\b[A-Z][A-Za-z0-9.:-]*[A-Za-z0-9](?:\s[A-Z][A-Za-z0-9.:-]*[A-Za-z0-9])*")


def _organisations(sent: Sentence, text: str) -> list[Span]:
    """ORG names with the names that follow them in the genitive joined on: the tagger cuts
    "Генеральный штаб Вооруженных сил Украины" into an ORG, an ORG and a LOC."""
    out: list[Span] = []
    last_kind = ""
    for kind, (s, e) in sorted(sent.entities, key=lambda x: x[1]):
        if kind in ("ORG", "LOC") and out and last_kind in ("ORG", "LOC") and \
                out[-1][1] < s and text[out[-1][1]:s] == " " and text[s].isupper():
            out[-1] = (out[-1][0], e)
        elif kind == "ORG":
            out.append((s, e))
        else:
            last_kind = ""
            continue
        last_kind = kind
    return out


def _names(sent: Sentence, text: str) -> list[Span]:
    spans = [span for kind, span in sent.entities if kind == "PER"]
    spans += _organisations(sent, text)
    piece = text[sent.start:sent.end]
    spans += [(sent.start + m.start(1), sent.start + m.end(1)) for m in _QUOTED.finditer(piece)]
    spans += [(sent.start + m.start(), sent.start + m.end()) for m in _LATIN.finditer(piece)
              if len(m.group()) >= 3]
    # bodies the tagger tends to miss ("Судебного департамента")
    spans += [(sent.start + m.start(), sent.start + m.end()) for m in
              rx("attribution", "alternatives", "known_bodies").finditer(low(piece))]
    # the tagger may take in the full stop that ends the sentence ("сообщает портал X.")
    spans = [(s, e - 1) if e == sent.end and text[e - 1] in ".!?" and e - 1 > s else (s, e)
             for s, e in spans]
    # the longest of overlapping names wins
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Span] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def same_source(a: str, b: str) -> bool:
    """Two wordings of one name: word by word, equal or differing only in a case ending.

        >>> same_source("Павла Чикова", "Павел Чиков"), same_source("Агора", "Астра")
        (True, False)
    """
    wa, wb = low(a).split(), low(b).split()
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        k = 0
        while k < min(len(x), len(y)) and x[k] == y[k]:
            k += 1
        # a case ending is at most three letters: "Петров"/"Петрова", not "Петренко"
        if x != y and (k < max(3, min(len(x), len(y)) - 2) or max(len(x), len(y)) - k > 3):
            return False
    return True


def unique_sources(names: list[str]) -> list[str]:
    """`names` with later wordings of an earlier name left out, a surname alone after the
    full name included.

        >>> unique_sources(["Павел Чиков", "Чикова", "Агора"])
        ['Павел Чиков', 'Агора']
    """
    out: list[str] = []
    for name in names:
        if not any(same_source(name, seen) or (
                len(name.split()) == 1 and len(seen.split()) > 1
                and same_source(name, seen.split()[-1])) for seen in out):
            out.append(name)
    return out


def find_sources(sents: list[Sentence], text: str) -> list[Span]:
    """Spans of the named sources credited in these sentences, in text order, each once."""
    found: list[Span] = []
    for sent in sents:
        lowered = low(text[sent.start:sent.end])
        names = _names(sent, text)
        cues_before = [sent.start + m.end() for m in
                       rx("attribution", "alternatives", "before_name").finditer(lowered)]
        cues_after = [sent.start + m.start() for m in
                      rx("attribution", "alternatives", "after_name").finditer(lowered)]
        for s, e in names:
            gap_before = [s - c for c in cues_before if 0 <= s - c <= 45]
            # a comma between the name and its verb puts the name in another clause ("их
            # отправили в «яму», сообщил канал X": the pit tells nothing)
            gap_after = [c - e for c in cues_after if 0 <= c - e <= 3 and "," not in text[e:c]]
            # a name right after a credited one continues it ("группы «Агора» Павел Чиков")
            chained = bool(found) and 0 <= s - found[-1][1] <= 2
            # a headline credits its outlet after a dash: "... дел о дезертирстве — «X»"
            trailing = (text[max(sent.start, s - 3):s].strip(" «\"") in ("—", "–")
                        and not text[e:sent.end].strip(" »\".!"))
            if not gap_before and not gap_after and not chained and not trailing:
                continue
            if gap_before:
                between = _without_names(text, s - min(gap_before), s, names)
                # a comma closes the credited name: "по словам X, капитан Y ..." credits X
                if re.search(r"[.!?,]|\b(?:что|и)\b", between):
                    continue
                # "со ссылкой на источник в Минобороны": an anonymous source of that body
                # (a title before a name, "адвокат", "телеграм-канал", is no such source)
                if any(rx("attribution", "alternatives", "anonymous").fullmatch(w)
                       and not rx("attribution", "alternatives", "titles").fullmatch(w)
                       for w in re.findall(r"[\w-]+", between)):
                    continue
            name = text[s:e]
            if rx("attribution", "alternatives", "anonymous").fullmatch(low(name)):
                continue
            if name.isdigit() or any(x == (s, e) for x in found):
                continue
            found.append((s, e))
        found.extend(span for span in _sentencing_courts(sent, text) if span not in found)
    return found


def _without_names(text: str, start: int, end: int, names: list[Span]) -> str:
    """`text[start:end]` lowercased, with the names inside it blanked: a name told in the
    dative between the cue and the speaker ("рассказал NGS.ru адвокат X") is no clause break,
    though its full stop looks like one."""
    chars = list(low(text[start:end]))
    for a, b in names:
        for k in range(max(a, start), min(b, end)):
            chars[k - start] = " "
    return "".join(chars)


def _sentencing_courts(sent: Sentence, text: str) -> list[Span]:
    """Courts named as the subject of a verdict: "Суд в Хабаровске приговорил ...", not a
    bare "Военный суд"."""
    lowered = low(text[sent.start:sent.end])
    out = []
    for m in rx("attribution", "alternatives", "court_names").finditer(lowered):
        verb = rx("attribution", "alternatives", "court_verbs").match(lowered, m.end() + 1)
        kinds = rx("attribution", "alternatives", "court_kinds")
        named = " в " in m.group() or any(not kinds.fullmatch(w) for w in m.group().split())
        if verb is not None and named and lowered[m.end():m.end() + 1] == " ":
            start = sent.start + m.start()
            out.append((start, sent.start + m.end()))
    return out
