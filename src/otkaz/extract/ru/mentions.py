"""Trigger mentions in parsed Russian sentences: what happened, who, and whether it is a fact.

    >>> from otkaz.extract.ru.parse import parse
    >>> [m.type for m in find_mentions(parse("Двенадцать омоновцев отказались ехать."))]
    ['refusal']
    >>> find_mentions(parse("Солдаты не отказывались воевать."))
    []

A trigger (regex over the lowercased sentence, `lang/ru/triggers.toml`) is kept when it is
stated as a fact: no "не" right before it, no modal or hypothetical head ("могут
отказаться"), not in a sentence about a fake or the law. Its actor comes from the UD parse:
the `nsubj` of the trigger verb, or the noun a participle modifies (`acl`/`amod`), or else
the first serviceman noun of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from otkaz.extract.ru.fields import read_force
from otkaz.extract.ru.parse import Sentence, Token
from otkaz.extract.ru.vocab import low, rx
from otkaz.lang import word_set

Span = tuple[int, int]


@dataclass
class Mention:
    """One trigger stated as a fact, with the words that name its group."""

    type: str  # "refusal" or "desertion"
    trigger: Span
    sent: Span
    actor: Span | None = None
    actor_head: Token | None = None
    pronoun: bool = False  # the group is "он"/"они": it continues the previous one
    flags: set[str] = field(default_factory=set)


def _tokens_in(sent: Sentence, span: Span) -> list[Token]:
    return [t for t in sent.tokens if t.start < span[1] and span[0] < t.end]


def _negated_or_modal(text: str, start: int) -> bool:
    before = low(text[max(0, start - 40):start])
    words = re.findall(r"[\w-]+", before)
    if words and rx("polarity", "alternatives", "negators").fullmatch(words[-1]):
        return True
    if words and rx("polarity", "alternatives", "aggregate_before").fullmatch(words[-1]):
        return True  # "число дезертиров": a statistic
    category = rx("polarity", "alternatives", "category_before")
    if words and (category.fullmatch(words[-1]) or len(words) > 1 and category.fullmatch(
            words[-2]) and words[-1] in word_set("ru", "polarity", "category_prepositions")):
        return True  # "наказание для дезертиров": the category a law is about
    # "призываем военных ... отказаться": an appeal reaches over a few words
    return any(rx("polarity", "alternatives", "modal_before").fullmatch(w) for w in words[-6:])


def _person(tok: Token) -> bool:
    persons = word_set("ru", "actors", "person_lemmas")
    # "солдат-срочник": a compound names a person by its first part
    return tok.lemma in persons or tok.text.lower() in persons or (
        tok.lemma.split("-")[0] in persons) or (
        tok.pos == "PROPN" and tok.feats.get("Animacy") == "Anim") or (
        tok.lemma.startswith("мобилизова") and tok.pos in ("NOUN", "ADJ", "VERB"))


def _serving(sent: Sentence, tok: Token) -> bool:
    """ "сотрудники СОБР": a noun of people that a force beside it makes servicemen."""
    if tok.lemma not in word_set("ru", "actors", "conditional_person_lemmas"):
        return False
    words = " ".join(t.text for t in sent.subtree(tok))
    return read_force(words) is not None


def _quantity_of_people(sent: Sentence, tok: Token) -> bool:
    """"Несколько сотен мобилизованных": the parse makes the quantity the subject."""
    return tok.lemma in word_set("ru", "actors", "quantity_lemmas") and any(
        _person(kid) for kid in sent.children(tok))


def _named_before_in(sent: Sentence, pronoun: Token) -> Token | None:
    """The servicemen a plural pronoun takes up from earlier in its own sentence (the
    nearest plural noun of people; names are sources more often than groups)."""
    if pronoun.feats.get("Number") != "Plur":
        return None
    return next((t for t in reversed(sent.tokens[:pronoun.i]) if t.pos == "NOUN"
                 and t.feats.get("Number") == "Plur" and (_person(t) or _serving(sent, t))),
                None)


def _actor(sent: Sentence, trig: list[Token]) -> tuple[Token | None, bool]:
    """The head noun of the group, and whether it is a pronoun."""
    pronouns = word_set("ru", "actors", "pronoun_lemmas")
    for tok in trig:
        chain = [tok, *sent.ancestors(tok)][:4]
        for node in chain:
            for kid in sent.children(node):
                if kid.rel.startswith("nsubj") and kid.lemma == "который" and (
                        earlier := _named_before_in(sent, kid)):
                    return earlier, False  # "... 115 сотрудников Росгвардии, которые отказались"
                if kid.rel.startswith("nsubj") and (_person(kid) or kid.lemma in pronouns
                                                    or _quantity_of_people(sent, kid)
                                                    or _serving(sent, kid)
                                                    or _part_of_group(sent, kid)):
                    if kid.pos == "PRON" and (earlier := _named_before_in(sent, kid)):
                        return earlier, False  # "Омоновцев уволили после того, как они ..."
                    return kid, kid.pos == "PRON"
            if node.rel in ("acl", "amod", "acl:relcl") and node.head >= 0:
                head = sent.tokens[node.head]
                if _person(head):
                    return head, False
            if node.pos in ("NOUN", "PROPN") and _person(node) and node is not tok:
                return node, False
        if tok.pos == "NOUN" and _person(tok):  # "отказники", "дезертиров"
            return tok, False
    # no subject in the parse: the first serviceman noun, a counted one first ("По словам
    # адвоката X, 40 мобилизованных ... отказались"), never the one credited for the story
    credited = _credited_words(sent)
    # ("Жена мобилизованного рассказала, что ее муж отказался": a participle the tagger calls
    # a verb names the man when it stands as a noun)
    people = [t for t in sent.tokens if (t.pos in ("NOUN", "PROPN") or (
        t.pos in ("VERB", "ADJ") and t.rel in ("nsubj", "obj", "iobj", "obl", "nmod")))
              and _person(t) and not any(a <= t.start < b for a, b in credited)]
    counted = [t for t in people if any(k.rel == "nummod" for k in sent.children(t))]
    return next(iter(counted or people), None), False


def _part_of_group(sent: Sentence, tok: Token) -> bool:
    """"11 из них", "трое из мобилизованных": a number taken out of a group named before."""
    return tok.pos == "NUM" and any(
        k.rel == "nmod" and any(c.text.lower() == "из" for c in sent.children(k))
        for k in sent.children(tok))


def _credited_words(sent: Sentence) -> list[Span]:
    """The stretches that name who tells the story: from an attribution cue ("по словам",
    "как сообщает") to the next comma."""
    out: list[Span] = []
    toks = sent.tokens
    for k, t in enumerate(toks):
        phrase = " ".join(x.text.lower() for x in toks[k:k + 2])
        if not rx("polarity", "alternatives", "credit_openers").match(phrase):
            continue
        stop = next((x.start for x in toks[k:] if x.text in ",;:—"), toks[-1].end)
        out.append((t.start, stop))
    return out


def _habitual(lowered: str, start: int, end: int, trig: list[Token]) -> bool:
    """A present-tense trigger with a word of habit beside it ("массово дезертируют",
    "отказываются всё чаще"): a trend, not an event."""
    near = lowered[max(0, start - 25):end + 25]
    return any(t.feats.get("Tense") == "Pres" for t in trig) and bool(
        rx("polarity", "alternatives", "habitual").search(near))


def _closes_quote(toks: list[Token]) -> bool:
    """Whether the last token closes a quote opened inside `toks` ("Боец «Шторм Z»")."""
    pairs = {"»": "«", "”": "“", '"': '"'}
    opener = pairs.get(toks[-1].text)
    return opener is not None and any(t.text == opener for t in toks[:-1])


def actor_span(sent: Sentence, head: Token) -> Span:
    """The phrase that names the group: the head's subtree up to the first comma, verb or gap."""
    toks = sent.subtree(head)
    keep = [t for t in toks if t.i <= head.i] or [head]
    for t in toks:
        if t.i <= head.i:
            continue
        if t.text in ",;:—(" or t.pos in ("VERB", "AUX") or t.i != keep[-1].i + 1:
            break  # a gap: the parser hung a later phrase on the group ("... после отпуска")
        keep.append(t)
    # leading prepositions, punctuation and compound prepositions ("в отношении", "из числа")
    # are not part of the name
    glue = word_set("ru", "actors", "preposition_nouns")
    keep = [t for t in keep if t.i >= head.i or (
        t.rel not in ("case", "punct", "cc") and t.lemma not in glue)]
    keep = [t for t in keep if t.i >= min(x.i for x in keep)]
    # nor a prepositional phrase the parse hung on it from before ("приговорил к шести годам
    # колонии военнослужащего": the term is no part of the group)
    before = {t.i for t in keep if t.i < head.i and not _in_prepositional(sent, t, head)}
    first = head.i
    while first - 1 in before:
        first -= 1
    keep = [t for t in keep if t.i >= first]
    while keep and keep[-1].pos == "PUNCT" and not _closes_quote(keep):
        keep.pop()
    return (min(t.start for t in keep), max(t.end for t in keep))


def _in_prepositional(sent: Sentence, tok: Token, head: Token) -> bool:
    """Whether `tok` belongs to a phrase with a preposition of its own below `head`."""
    for node in [tok, *sent.ancestors(tok)]:
        if node.i == head.i:
            return False
        if node.i < head.i and any(k.rel == "case" for k in sent.children(node)):
            return True
    return False


def find_mentions(sents: list[Sentence], text: str | None = None) -> list[Mention]:
    """The trigger mentions stated as facts, in text order."""
    out: list[Mention] = []
    for sent in sents:
        src = text if text is not None else None
        stext = (src[sent.start:sent.end] if src is not None
                 else " ".join(t.text for t in sent.tokens))
        base = sent.start if src is not None else 0
        if src is None:  # rebuild offsets from tokens when no text is given
            stext = _join(sent)
        lowered = low(stext)
        if rx("polarity", "alternatives", "denial").search(lowered):
            continue
        law = bool(rx("polarity", "alternatives", "law").search(lowered))
        seen: list[Span] = []
        for kind in ("refusal", "desertion"):
            for m in rx("triggers", "alternatives", kind).finditer(lowered):
                span = (base + m.start(), base + m.end())
                if any(s[0] < span[1] and span[0] < s[1] for s in seen):
                    continue
                seen.append(span)
                if _negated_or_modal(stext, m.start()) and not m.group(0).startswith("не "):
                    continue
                if rx("polarity", "alternatives", "draft_evasion").match(lowered, m.start()):
                    continue  # "отказался получать повестку": a civilian's call-up
                trig = _tokens_in(sent, span)
                if _habitual(lowered, m.start(), m.end(), trig):
                    continue  # "военные массово дезертируют": servicemen in general
                head, pronoun = _actor(sent, trig)
                if law and (head is None or lowered[max(0, m.start() - 3):m.start()] == "за "):
                    continue  # "за отказ ... грозит до десяти лет": the penalty, not a case
                mention = Mention(kind, span, (sent.start, sent.end), pronoun=pronoun)
                if head is not None:
                    mention.actor_head = head
                    mention.actor = actor_span(sent, head) if not pronoun else None
                out.append(mention)
    out.sort(key=lambda m: m.trigger)
    return out


def _join(sent: Sentence) -> str:
    """The sentence text rebuilt from token offsets (spaces where the text had gaps)."""
    chars = [" "] * (sent.end - sent.start)
    for t in sent.tokens:
        chars[t.start - sent.start:t.end - sent.start] = list(t.text)
    return "".join(chars)
