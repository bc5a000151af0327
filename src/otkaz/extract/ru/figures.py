"""Aggregate figures in Russian text: "2 076 уголовных дел о самовольном оставлении части".

    >>> from otkaz.extract.ru.parse import parse
    >>> t = "В 2023 году суды получили 5 024 дела о самовольном оставлении части (статья 337 УК)."
    >>> [(f.measure, f.value.low) for f in find_figures(parse(t), t, None)]
    [('awol_cases', 5024)]

A figure is a number that counts cases or sentences ("дел", "приговоров") or people, with a
measure cue near it (`lang/ru/figures.toml`): one article gives its measure, several together
give `convictions` (FORMAT.md); people who refused or deserted are `refusers`. Rates ("каждую
неделю"), multiples, shares and other articles (334, 328) are not figures.
"""

from __future__ import annotations

import re
from datetime import date

from otkaz.extract.ru.attribution import find_sources, unique_sources
from otkaz.extract.ru.dates import find_dates, since_month
from otkaz.extract.ru.fields import locations
from otkaz.extract.ru.numbers import find_counts
from otkaz.extract.ru.parse import Sentence, Token
from otkaz.extract.ru.places import resolve_ru
from otkaz.extract.ru.vocab import low, other_side, rx, table_rx
from otkaz.lang import word_set
from otkaz.models import DateRange, Figure, Place, Range

Span = tuple[int, int]
_WAR_START, _MOBILISATION = date(2022, 2, 24), date(2022, 9, 21)
_SINCE = re.compile(r"с начала (?:полномасштабного )?(?:вторжения|войны|сво)|"
                    r"(?P<mob>с (?:(?:момента|начала|объявления) )+(?:\w+ )?мобилизации|"
                    r"за это время)|"
                    r"с начала (?:(?:этого|текущего|нынешнего) )?(?P<year>(?:19|20)\d\d )?года")
_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{2,40})[»\"”]")
# a number with no noun of its own ("в 2023 году — 7,3 тыс.", "300 — за дезертирство")
_BARE = re.compile(r"\s*(?:—|[,.;]|$)")
# a year standing alone ("в 2023 году — 7,3 тыс."), not "2 тыс." that reads 2000
_YEAR = re.compile(r"(?:19|20)\d\d")
_ADJ = re.compile(r"\w+(?:ых|их|ой|ые|ие)")


def _measures(window: str) -> list[tuple[int, str]]:
    """Measure cues in `window` (lowercased) with their positions."""
    return sorted((m.start(), k) for k, r in table_rx("figures", "measures").items()
                  for m in r.finditer(window))


def _period(sent_text: str, published: date | None, base: int, at: int = 0) -> DateRange | None:
    """The period of a figure standing at `at` (offset into `sent_text`): the date phrase
    nearest before it ("в 2022 году их было 1,5 тыс., в 2023 году — 7,3 тыс."), else the
    sentence's first."""
    lowered = low(sent_text)
    if (m := _SINCE.search(lowered)) and published:
        if m.group(0).endswith("года"):  # "с начала года", "с начала 2024 года"
            year = int(m.group("year") or published.year)
            return DateRange(date(year, 1, 1), published)
        return DateRange(_MOBILISATION if m.group("mob") else _WAR_START, published)
    since = since_month(sent_text, published, base)  # "с сентября 2022 года"
    dates = since or find_dates(sent_text, published, base)
    if not dates:
        return None
    before = [d for d in dates if d[1][1] - base <= at]
    when, (start, _) = before[-1] if before and not since else dates[0]
    # "с 21 сентября 2022 года вынесено ...": since that day, up to the article's date
    if published and not since and re.search(r"(?:^|\s)(?:начиная )?со?\s*$",
                                             low(sent_text[:start - base])):
        return DateRange(when.start, published)
    return when


def _over_a_period(sent_text: str, published: date | None) -> bool:
    """Whether the sentence names a stretch of time longer than a month ("в 2023 году", "за
    первое полугодие"): people counted over it are a tally, while people on a day ("3 мая
    двадцать мобилизованных отказались") are one story's group; so are people at a rough time
    ("в начале 2023 года 30 мобилизованных отказались"): that dates an event, not a tally."""
    lowered = low(sent_text)
    return any((when.end - when.start).days > 31
               and not rx("dates", "alternatives", "rough").match(lowered, start)
               for when, (start, _) in find_dates(sent_text, published))


def _ancestry(sent: Sentence, at: int) -> list[Token]:
    """The token at offset `at` and the heads above it, up to the root of the sentence (which
    a misparsed number, its heads going round in a cycle, never reaches otherwise)."""
    tok = next((t for t in sent.tokens if t.end > at), None)
    if tok is None:
        return []
    chain = [tok, *sent.ancestors(tok)]
    if chain[-1].head >= 0:
        chain += [t for t in sent.tokens if t.head < 0]
    return chain


def _forecast(sent: Sentence, at: int) -> bool:
    """Whether the number at `at` is foretold, not counted: a verb over it is in the future
    ("превысит", "рассмотрят", "будет вынесено") or a word of expectation governs it."""
    cues = word_set("ru", "figures", "forecast")
    for head in _ancestry(sent, at):
        if head.lemma in cues or (head.pos in ("VERB", "AUX")
                                  and head.feats.get("Tense") == "Fut"):
            return True
        if any(k.lemma in cues or (k.pos == "AUX" and k.feats.get("Tense") == "Fut")
               for k in sent.children(head) if k.pos in ("AUX", "NOUN")):
            return True
    return False


def _other_country(sent: Sentence, at: int) -> bool:
    """Whether the count at `at` is another country's statistics: "В Украине за 2023 год
    возбудили ...", where the country hangs on a verb over the number."""
    countries = word_set("ru", "figures", "other_country")
    heads = {t.i for t in _ancestry(sent, at)}
    return any(t.lemma in countries and t.head in heads and any(
        k.rel == "case" and k.text.lower() in ("в", "во") for k in sent.children(t))
        for t in sent.tokens)


def _place(sent: Sentence, text: str, at: int) -> tuple[Span, Place | None] | None:
    """Where the count at `at` is limited to: a place or region hung on a verb over the number
    ("В Свердловской области ... возбудили 150 дел"), else a named court that is its subject
    ("Южный окружной военный суд ... вынес 230 приговоров"); not a country ("суды России")."""
    heads = {t.i for t in _ancestry(sent, at)}
    for kind, (s, e), entry in locations(sent, text, heard=True):
        inside = [t for t in sent.tokens if s <= t.start < e]
        if kind == "place" and (entry is None or entry.precision != "country") and any(
                t.head in heads and not s <= sent.tokens[t.head].start < e for t in inside):
            return (s, e), entry
    lowered = low(text[sent.start:sent.end])
    kinds = rx("attribution", "alternatives", "court_kinds")
    for m in rx("attribution", "alternatives", "court_names").finditer(lowered):
        court = next((t for t in sent.tokens if t.start - sent.start >= m.start()
                      and t.lemma == "суд"), None)
        if court is None or not court.rel.startswith("nsubj") or court.head not in heads or (
                all(kinds.fullmatch(w) for w in m.group().split())):
            continue
        return (sent.start + m.start(), sent.start + m.end()), resolve_ru(m.group())
    return None


def _set_place(fig: Figure, text: str, span: Span, entry: Place | None) -> None:
    fig.place, fig.spans["place"] = text[span[0]:span[1]], span
    if entry is not None:
        fig.geo["place"] = entry


def _credited(sents: list[Sentence], k: int, text: str) -> list[str]:
    """Who a figure in sentence `k` is credited to: its own sentence's sources, else those of
    a next sentence that refers back to it, else those credited earlier in its paragraph
    ("«Медиазона» продолжает следить ... За полгода ... поступило 2 076 дел"), else the
    headline's."""
    own = find_sources([sents[k]], text)
    # "Это почти в пять раз больше, подсчитала «Медиазона»", "Об этом сообщает ...": the next
    # sentence credits this one
    if not own and k + 1 < len(sents) and "\n" not in text[sents[k].end:sents[k + 1].start] and (
            rx("attribution", "alternatives", "credit_back").match(
                low(text[sents[k + 1].start:sents[k + 1].end]))):
        own = find_sources([sents[k + 1]], text)
    j = k
    while not own and j > 0 and "\n" not in text[sents[j - 1].end:sents[j].start]:
        j -= 1
        own = find_sources([sents[j]], text)
    if not own and k > 0 and "\n" in text[sents[0].end:sents[1].start]:
        own = find_sources([sents[0]], text)
    return unique_sources([text[a:b] for a, b in own])


def _listed(before: str) -> bool:
    """Whether the last two measure cues in `before` form one list ("за дезертирство и
    самоволку", "о самовольном оставлении части, неисполнении приказа"): a total over both."""
    cues = sorted((m.start(), m.end(), k) for k, r in table_rx("figures", "measures").items()
                  for m in r.finditer(before))
    cues = [c for c in cues if not any(o[0] <= c[0] < o[1] and o != c for o in cues)]
    return any(a[2] != b[2] and re.fullmatch(r"\s*(?:,|и|или|а также)\s*(?:за |о |об |по )?",
                                             before[a[1]:b[0]]) is not None
               for a, b in zip(cues, cues[1:], strict=False))


def _own_words(lowered: str, end: int, commas: bool = True) -> str:
    """The words after a number up to the next number or sentence break: what it counts
    ("300 — за дезертирство"; "дел о самовольном оставлении части, неисполнении приказа и
    дезертирстве" is one list)."""
    rest = lowered[end:end + 90]
    rest = rest[len(rest) - len(rest.lstrip(" —")):]
    stop = re.search(r"\d|[;(]|\.(?:\s|$)| — |, (?:а|но|из них|в том числе|тогда как)\b"
                     + ("" if commas else "|,"), rest)
    return rest[:stop.start()] if stop else rest


def _counted_noun(word: str) -> bool:
    """Whether `word` (lowercased) names cases or people, the things a figure counts."""
    return bool(rx("figures", "alternatives", "case_nouns").fullmatch(word)
                or rx("figures", "alternatives", "people_nouns").fullmatch(word))


def _last_counted_noun(before: str) -> list[str]:
    """The last noun of cases or people in `before`, as the one word a bare number counts."""
    nouns = [m for m in re.finditer(r"\w+", before) if _counted_noun(m.group())]
    return [nouns[-1].group()] if nouns else []


def _year_back(period: DateRange | None) -> DateRange | None:
    """The same stretch of time a year earlier ("за девять месяцев 2024 года" -> of 2023)."""
    if period is None:
        return None
    try:
        return DateRange(period.start.replace(year=period.start.year - 1),
                         period.end.replace(year=period.end.year - 1))
    except ValueError:  # 29 February
        return DateRange(period.start.replace(year=period.start.year - 1, day=28),
                         period.end.replace(year=period.end.year - 1, day=28))


def _earlier_measure(prev: str, found: dict[tuple[int | None, int | None], Figure]
                     ) -> str | None:
    """The one measure the previous sentence names, else that of the latest figure found."""
    earlier = {kind for _, kind in _measures(prev)}
    if len(earlier) == 1:
        return next(iter(earlier))
    if not earlier and found:
        return list(found.values())[-1].measure
    return None


def _organisation_before(sent: Sentence, text: str, cue: int) -> list[str]:
    """The organisation that helped, named before its verb: "«Идите лесом» помогли покинуть
    армию ...", "Проект «Идите лесом» с начала мобилизации помог ..." (its own tally)."""
    names = [(s, e) for kind, (s, e) in sent.entities if kind == "ORG" and e <= cue]
    piece = text[sent.start:cue]
    names += [(sent.start + m.start(1), sent.start + m.end(1)) for m in _QUOTED.finditer(piece)]
    return [text[s:e] for s, e in sorted(names)[-1:]]


def find_figures(sents: list[Sentence], text: str, published: date | None) -> list[Figure]:
    """Figures stated in these sentences, one per value (a value given twice is one figure)."""
    out: dict[tuple[int | None, int | None], Figure] = {}
    for k, sent in enumerate(sents):
        stext = text[sent.start:sent.end]
        lowered = low(stext)
        prev = low(text[sents[k - 1].start:sents[k - 1].end]) if k else ""
        # a total is often followed by its breakdown by article ("... из них по ст. 337 ...")
        nxt = low(text[sents[k + 1].start:sents[k + 1].end]) if k + 1 < len(sents) else ""
        for c in find_counts(stext, sent.start):
            s, e = c.span[0] - sent.start, c.span[1] - sent.start
            after = lowered[e:e + 30]
            if c.value.low is not None and c.value.low < 10:
                continue
            # a length or a share ("5 лет", "3 года"); "39 годом ранее" is a count a year back
            if re.match(r"\s*(?:лет|год(?!ом\b)|месяц|дн|недел|%|процент|раз)", after):
                continue
            if lowered[max(0, s - 3):s] == "по ":  # "по 100 приговоров ... в неделю": a rate
                continue
            # "дел", or "уголовных дел"; words past a comma are not what it counts
            words = re.findall(r"\w+", re.split(r"[,;:—)]", after)[0])[:2]
            parenthesised = lowered[max(0, s - 1):s] == "(" or (
                lowered[max(0, s - 2):s] == "— ")
            # a number in brackets belongs to the words just before it, back to a comma
            around = (lowered[max(0, lowered.rfind(",", 0, s - 2), s - 50):e]
                      if parenthesised else lowered[max(0, s - 40):e + 40])
            if rx("figures", "alternatives", "distractors").search(around):
                continue
            if _forecast(sent, c.span[0]) or other_side(lowered) or _other_country(
                    sent, c.span[0]):
                continue
            named_before = rx("figures", "alternatives", "counted_before").search(
                lowered[max(0, s - 60):s])
            if named_before and not words:  # "число приговоров превысило 10 тысяч"
                words = [named_before.group("noun")]
            # "осудили 226 человек — против 39 годом ранее": the compared number counts what
            # the number before it counted
            compared = rx("figures", "alternatives", "compared_before").search(
                lowered[max(0, s - 25):s])
            if compared and not any(_counted_noun(w) for w in words):
                words = _last_counted_noun(lowered[:s])
            # a bare number after a count of cases in the same sentence counts cases too:
            # "7300 приговоров за самоволку, 300 — за дезертирство"
            # ("... осуждены 190 человек, а по статье 332 — 250"; "Сбежавших военнослужащих
            # ... не менее 50 тыс.")
            bare = not words and _BARE.match(after) is not None and not (
                _YEAR.fullmatch(lowered[s:e])) and not re.search(
                r"(?:стать\w*|ст\.|ч\.)\s*$", lowered[max(0, s - 10):s])
            if bare:
                words = _last_counted_noun(lowered[:s])
            is_case = any(rx("figures", "alternatives", "case_nouns").fullmatch(w)
                          for w in words) or (
                parenthesised and re.match(r"\s*(?:\w+\s*)?\)|\s*\w+\s*—", after) is not None)
            # "20 тыс. российских военных": one adjective may stand before the noun
            is_people = any(rx("figures", "alternatives", "people_nouns").fullmatch(w)
                            for w in words[:2 if _ADJ.fullmatch(words[0] if words else "")
                                           else 1])
            if not (is_case or is_people):
                continue
            window = lowered[max(0, s - 90):e + 90]
            near = _measures(lowered[max(0, s - 60):e + 60]) if parenthesised else _measures(
                window)
            # the measure may be named far ahead in a long sentence ("Число приговоров по
            # делам о самовольном оставлении части растет: ... в 2023 году — 7,3 тыс.")
            near = near or _measures(lowered)
            kinds = {kind for _, kind in near}
            if parenthesised and near:  # "(25)" belongs to the article just before it
                before = [(p, kind) for p, kind in near if p <= s - max(0, s - 60)]
                kinds = {before[-1][1]} if before else kinds
            if is_people and "helped_to_leave" in kinds:
                measure = "helped_to_leave"  # a tally of its own, with or without a period
            elif is_people:
                refusal = rx("figures", "alternatives", "refusal_words").search(lowered)
                # people counted in aggregate: beside a count of cases ("536 дел на 548
                # солдат") or over a period; a group in one story is an incident's count
                beside_cases = any(sent.start <= f.evidence[0][0] < sent.end
                                   for f in out.values())
                tally = rx("figures", "alternatives", "tally_cues").search(lowered) or (
                    c.value.low or 0) >= 1000 or (  # no one story has a thousand deserters
                    # sentenced under an article: a tally unless few enough for one trial
                    (c.value.low or 0) >= 50
                    and rx("figures", "alternatives", "convicted_words").search(lowered)
                    and rx("figures", "alternatives", "article_cues").search(lowered))
                if not (refusal or kinds or beside_cases) or not (
                        beside_cases or tally or _SINCE.search(lowered)
                        or _over_a_period(stext, published)):
                    continue
                # convicted people are counted under their article ("за дезертирство осудили")
                convicted = rx("figures", "alternatives", "convicted_words").search(lowered)
                # convicted under several articles together: `convictions`; under one named
                # just before the number ("по статье о дезертирстве осуждены 190 человек, а
                # по статье о неисполнении приказа — 250"): that article's measure
                named = [kind for _, kind in _measures(lowered[max(0, s - 90):s])]
                # people are counted by the words up to a comma ("осудили 250 человек, за
                # дезертирство — 190": the article after the comma is the next number's)
                own = {kind for _, kind in _measures(_own_words(lowered, e, commas=False))}
                if refusal and not convicted:
                    measure = "refusers"
                elif len(kinds) == 1:
                    measure = next(iter(kinds))
                elif convicted and len(own) == 1 and not rx(
                        "figures", "alternatives", "article_list").search(
                        _own_words(lowered, e)):
                    # "осуждены 9 тыс. человек по статьям о СОЧ, дезертирстве и ..." is a
                    # total: the list goes on past the comma
                    measure = next(iter(own))
                elif convicted and named and not rx(
                        "figures", "alternatives", "article_list").search(lowered) and not (
                        _listed(lowered[max(0, s - 90):s])):
                    measure = named[-1]
                else:
                    measure = "convictions" if convicted and kinds else "refusers"
            elif len(kinds) == 1:
                measure = next(iter(kinds))
            elif len(own := {kind for _, kind in _measures(_own_words(lowered, e))}) == 1:
                measure = next(iter(own))  # "1200 дел о неисполнении приказа и 300 дел о ..."
            elif not kinds and rx("figures", "alternatives", "back_reference").search(
                    lowered) and (earlier := _earlier_measure(prev, out)):
                # "Годом ранее таких приговоров было 60.", also past a sentence that only
                # credits the figure before ("Об этом сообщает ...")
                measure = earlier
            elif len(kinds) > 1 or len(_measures(prev)) > 1 or (
                    not kinds and len({kind for _, kind in _measures(nxt)}) > 1) or (
                    rx("figures", "alternatives", "convicted_words").search(lowered)
                    and not kinds):
                measure = "convictions"
            else:
                continue
            value = c.value
            if value.low is None and rx("figures", "alternatives", "reached_before").search(
                    lowered[max(0, s - 40):s]):
                value = Range(value.high, value.high)  # "выросло вдвое до 400"
            key = (value.low, value.high)
            # evidence: the number and the words after it, so that several figures in one
            # sentence each keep their own place
            tail = re.match(r"(?:\W*\w+){0,4}", text[c.span[1]:sent.end])
            evidence = (c.span[0], c.span[1] + (tail.end() if tail else 0))
            sources = _credited(sents, k, text)
            if measure == "helped_to_leave" and not sources:
                cue = rx("figures", "measures", "helped_to_leave").search(lowered)
                sources = _organisation_before(sent, text, sent.start + cue.start()) if cue else []
            period = _period(stext, published, sent.start, s)
            latest = list(out.values())[-1] if out else None
            # "Годом ранее таких дел было 120": the period of the figure before, a year back
            clause = re.split(r",|—|:", lowered[:s])[-1]
            if rx("dates", "alternatives", "year_before").search(
                    _own_words(lowered, e) + " " + clause):
                period = _year_back(latest.period) if latest else None
            # "Еще около 700 приговоров ...", "Из них ...": the period of the figure before
            elif period is None and latest is not None and rx(
                    "figures", "alternatives", "continued").match(lowered.lstrip()):
                period = latest.period
            where = _place(sent, text, c.span[0])
            if key in out:
                # the same number again, often a vague headline then the lede: one figure,
                # with the period, credit and place whichever mention states them
                known = out[key]
                known.evidence.append(evidence)
                known.period = known.period or period
                known.sources = known.sources or sources
                if known.place is None and where is not None:
                    _set_place(known, text, *where)
                continue
            out[key] = Figure(measure, value, period,
                              sources=sources, evidence=[evidence],
                              spans={"value": c.span})
            if where is not None:
                _set_place(out[key], text, *where)
    return list(out.values())
