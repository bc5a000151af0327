"""`otkaz_attribution`: who says so, on whose word, for each sentence.

    >>> doc = nlp("The site Desna Post, citing a relative, reported that 12 guards refused.")
    >>> [(l["name"], l["kind"], l["cites"]) for l in doc._.otkaz_attributions[0]["links"]]
    [('Desna Post', 'outlet', 1), (None, 'anonymous', None)]

Each sentence with reporting gets a record: its links (name or None, kind, span, cites: the
index of the link this one cites, `anaphor`: "the newspaper"/"he" still to be resolved to a
name said before, `affiliates`: organisations a person speaks for) and `scope`: for each
trigger (by character offset) the links that vouch for it.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import doc_text, sent_of, sents
from otkaz.extract.components.names import (
    comma_name,
    confirms,
    following_name,
    generic_plural,
    name_run,
    name_tail,
    sentence_names,
)
from otkaz.extract.components.places import PLACE_SPANS_KEY
from otkaz.extract.components.syntax import char_span, children_by_dep
from otkaz.lang import word_set

Link = dict[str, Any]

if not Doc.has_extension("otkaz_attributions"):
    Doc.set_extension("otkaz_attributions", default=None)

DESCRIPTORS = lx.OUTLET_WORDS | lx.ORGANISATION_WORDS | lx.PERSON_TITLE_WORDS
PERSON_PRONOUNS = word_set("en", "attribution", "person_pronouns")
ORG_PRONOUNS = word_set("en", "attribution", "org_pronouns")
SELF_PRONOUNS = word_set("en", "attribution", "self_pronouns")
# Where an unnamed source is from, not its name: "a Ukrainian Telegram channel".
NATIONALITIES = word_set("en", "attribution", "nationalities")
LOCATED_BODIES = word_set("en", "attribution", "located_bodies")
STAFF_PREPS = word_set("en", "attribution", "staff_preps")


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _kind_of_word(word: str) -> str | None:
    if word in lx.OUTLET_WORDS:
        return "outlet"
    if word in lx.ORGANISATION_WORDS:
        return "organisation"
    if word in lx.PERSON_TITLE_WORDS:
        return "person"
    if word in lx.DOCUMENT_WORDS:
        return "document"
    return None


def _staff_of(head: Token) -> Link | None:
    """ "journalists from Open Pages", "a lawyer at Free Path": no name of their own, the body
    they work for is the one credited."""
    if head.pos_ != "NOUN" or _lemma(head) not in lx.PERSON_TITLE_WORDS:
        return None
    for p in children_by_dep(head, "prep"):
        if p.lower_ not in STAFF_PREPS:
            continue
        for o in children_by_dep(p, "pobj"):
            if o.pos_ == "PROPN" and not _in_gazetteer(o) and o.ent_type_ not in (
                    "GPE", "LOC", "NORP", "PERSON"):
                d = describe(o)
                if d is not None and d.get("name"):
                    d["kind"] = "organisation" if d["kind"] == "person" else d["kind"]
                    return d
    return None


def _located(head: Token) -> Link | None:
    """ "A military court in the Siberian city of Omsk": a court without a name of its own is
    named by where it sits (the determiner and any clause after the place left out)."""
    if _lemma(head) not in LOCATED_BODIES:
        return None
    for p in children_by_dep(head, "prep"):
        if p.lower_ != "in" or p.i < head.i:
            continue
        place = list(p.subtree)
        if not any(t.pos_ == "PROPN" or _in_gazetteer(t) for t in place):
            continue
        cut = next((k for k, t in enumerate(place) if (t.is_punct and t.text not in (
            "-", "‑")) or t.dep_ in ("relcl", "acl")), len(place))  # "Kabardino-Balkaria"
        start = next(t for t in head.subtree if t.dep_ not in ("det", "poss") or t.i >= head.i)
        name_span = char_span([start] + place[:cut])
        if name_span:
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": "organisation",
                    "span": name_span, "anaphor": None}
    return None


def describe(head: Token) -> Link | None:
    """Name, kind and anaphora of the source phrase headed by `head`."""
    low = head.lower_
    if head.pos_ == "NOUN" and generic_plural(head) and _lemma(head) not in lx.ANONYMOUS_WORDS:
        return _staff_of(head)
    span = (head.idx, head.idx + len(head.text))
    if low in PERSON_PRONOUNS:
        return {"name": None, "kind": "person", "span": span, "anaphor": "person"}
    if low in SELF_PRONOUNS:
        return {"name": None, "kind": "organisation", "span": span, "anaphor": "self"}
    if low in ORG_PRONOUNS:
        return {"name": None, "kind": "organisation", "span": span, "anaphor": "organisation"}
    if low in ("who", "which", "that"):
        return None
    # a descriptor with its name in apposition: "the newspaper Volga Courier"
    kind = _kind_of_word(_lemma(head)) or _kind_of_word(low)
    appos = [c for c in head.children if c.dep_ in ("appos", "compound") and c.i > head.i
             and c.pos_ == "PROPN"]
    if kind and appos:
        run = name_run(appos[0])
        name_span = char_span(run)
        if name_span:  # `word`: "the agency said" later names this source again
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind, "span": name_span,
                    "anaphor": None, "word": _lemma(head)}
    following = following_name(head) if kind else []
    if not following and kind == "person":
        following = comma_name(head)  # "the group's lawyer, Pavel Orlov, ..."
    if following:
        name_span = char_span(following)
        if name_span:
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind, "span": name_span,
                    "anaphor": None}
    if kind and _lemma(head) in ("edition", "service", "version", "office", "desk"):
        for p in children_by_dep(head, "prep"):
            if p.lower_ == "of":
                for o in children_by_dep(p, "pobj"):
                    if o.pos_ == "PROPN":
                        inner = describe(o)
                        if inner is not None:
                            inner["kind"] = kind
                        return inner
    lefts = [t for t in head.subtree if t.i <= head.i]
    # a descriptor the parser made part of the name is no descriptor: "Radio Free Europe"
    desc_idx = [i for i, t in enumerate(lefts) if _lemma(t) in DESCRIPTORS and t != head
                and not (t.pos_ == "PROPN" and t.is_title)]
    if _lemma(head) in lx.PERSON_TITLE_WORDS and head.ent_type_ != "PERSON":
        person = next((t for t in head.subtree if t.ent_type_ == "PERSON"), None)
        if person is not None:  # "former President of South Ossetia Eduard Kokoity"
            head = person
    left_kinds = {_kind_of_word(_lemma(t)) for t in head.subtree if t.i < head.i}
    if head.ent_type_ == "PERSON" and not left_kinds & {"outlet", "organisation"}:
        ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            return {"name": ent.text, "kind": "person", "span": (ent.start_char, ent.end_char),
                    "anaphor": None}
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        run = name_run(head) + ([] if head.ent_type_ == "PERSON" else name_tail(head))
        if desc_idx:
            after = lefts[desc_idx[-1] + 1:]
            if after and after[-1] == head and all(
                    t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM") or t.text in ("'s", "’s")
                    for t in after):
                run = after
        name_span = char_span(run)
        if not name_span:
            return None
        appos_kinds = [_kind_of_word(_lemma(c)) for c in head.children if c.dep_ == "appos"]
        appos_kinds = [k for k in appos_kinds if k]
        if kind is None and appos_kinds:  # "Baltic Wives, a Telegram channel run by ..."
            kind = appos_kinds[0]
        if kind is None:
            desc_kinds = [_kind_of_word(_lemma(lefts[i])) for i in desc_idx]
            kind = desc_kinds[-1] if desc_kinds else (
                "person" if head.ent_type_ == "PERSON" else "organisation")
        return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind, "span": name_span,
                "anaphor": None}
    if desc_idx and head.pos_ == "NOUN" and _kind_of_word(_lemma(head)) is None:
        after = lefts[desc_idx[-1] + 1:]  # "the publication Pskov province"
        if after and any(t.is_title or t.pos_ == "PROPN" for t in after):
            name_span = char_span(after)
            if name_span:
                return {"name": doc_text(head.doc)[slice(*name_span)],
                        "kind": _kind_of_word(_lemma(lefts[desc_idx[-1]])) or "organisation",
                        "span": name_span, "anaphor": None}
    located = _located(head)
    if located is not None:
        return located
    staff = _staff_of(head) if kind == "person" else None
    if staff is not None:
        return staff
    possessive = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    if possessive and (_in_gazetteer(possessive[0]) or possessive[0].ent_type_ == "NORP"):
        name_span = char_span([t for t in head.subtree if t.i <= head.i])
        if name_span:  # "Ukraine's military intelligence agency"
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind or
                    "organisation", "span": name_span, "anaphor": None}
    if possessive:  # "Rosgvardia's press office", "Crimean Wind's review"
        return describe(possessive[0])
    named = [c for c in head.subtree if c.dep_ in ("compound", "nmod", "amod")
             and c.i < head.i and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "ORG"))
             and c.lower_ not in NATIONALITIES]  # "a Ukrainian Telegram channel": unnamed
    own = [t for t in named if t.pos_ == "PROPN" and t.lower_ not in lx.PLATFORMS]
    if kind == "outlet" and own and len(own) == len([  # "the Current Time TV channel"
            t for t in named if t.lower_ not in lx.PLATFORMS and _lemma(t) not in DESCRIPTORS]):
        name_span = char_span(own)  # "the Mediazona outlet", "the Astra Telegram channel"
        if name_span:
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind, "span": name_span,
                    "anaphor": None}
    if kind == "organisation" and named:  # "the Sevastopol garrison military court"
        name_span = char_span([t for t in head.subtree if named[0].i <= t.i <= head.i])
        if name_span:
            return {"name": doc_text(head.doc)[slice(*name_span)], "kind": kind, "span": name_span,
                    "anaphor": None}
    owner = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "NOUN"]
    if kind in ("outlet", "organisation") and owner and any(
            d.lower_ in ("the", "this", "that") for d in owner[0].children):
        # "the court's press office": the court named before
        return {"name": None, "kind": "organisation", "span": span,
                "word": _lemma(owner[0]), "anaphor": "organisation"}
    if kind in ("outlet", "organisation", "person"):
        dets = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
        if dets and dets[0] in ("the", "this", "that", "our", "its", "their"):
            return {"name": None, "kind": kind, "span": span, "word": _lemma(head),
                    "anaphor": "self" if dets[0] == "our" else kind}
        return {"name": None, "kind": kind, "span": span, "anaphor": None}
    if kind == "document":
        return {"name": None, "kind": "document", "span": span, "anaphor": None}
    if _lemma(head) in lx.ANONYMOUS_WORDS or low in lx.ANONYMOUS_WORDS or head.like_num:
        return {"name": None, "kind": "anonymous", "span": span, "anaphor": None}
    return None


def _affiliates(head: Token) -> list[Link]:
    """People and organisations named inside a source phrase: "Agora, headed by Pavel Chikov",
    "Volga Watch, whose lawyer, Nikolai Fedorov", "Yuri Savin, an analyst at Court Tracker"."""
    out: list[Link] = []
    for t in head.subtree:
        if t == head:
            continue
        agent = t.dep_ == "pobj" and t.head.dep_ == "agent" and _lemma(
            t.head.head) in lx.AFFILIATION_LINKS
        titled = t.dep_ == "appos" and t.pos_ == "PROPN" and t.head != head and _lemma(
            t.head) in lx.PERSON_TITLE_WORDS
        if agent or titled:
            d = describe(t)
        elif t.dep_ == "pobj" and t.head.lower_ in ("at", "of", "with", "from") and _lemma(
                t.head.head) in lx.PERSON_TITLE_WORDS and t.pos_ == "PROPN":
            d = describe(t)  # "an analyst at Court Tracker": an organisation
            if d is not None:
                d["kind"] = "organisation" if d["kind"] == "person" else d["kind"]
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head == head and \
                head.ent_type_ == "PERSON" and t.pos_ == "PROPN" and not _in_gazetteer(t) and \
                t.ent_type_ != "NORP":  # the NER calls organisations places: the gazetteer decides
            d = describe(t)  # "Pavel Orlov of Free Path": the organisation he speaks for
            if d is not None:
                d["kind"] = "organisation" if d["kind"] == "person" else d["kind"]
        elif t.pos_ == "PROPN" and t.i > 0 and t.doc[t.i - 1].pos_ != "PROPN" and \
                t.ent_type_ not in ("GPE", "LOC", "NORP", "FAC") and any(
                _lemma(x) in lx.PERSON_TITLE_WORDS for x in t.doc[max(0, t.i - 2):t.i]):
            run = [t]  # "Open Barracks, whose lawyer Dmitry Veselov represents ..."
            while run[-1].i + 1 < len(t.doc) and t.doc[run[-1].i + 1].pos_ == "PROPN":
                run.append(t.doc[run[-1].i + 1])
            name_span = char_span(run)
            d = {"name": doc_text(t.doc)[slice(*name_span)], "kind": "person", "span": name_span,
                 "anaphor": None} if name_span and len(run) >= 2 else None
        else:
            continue
        if d and d.get("name"):
            out.append(d)
    return out


def _owner_of_title(name: Token) -> list[Link]:
    """ "Agora's head Pavel Chikov": the organisation whose title the named person holds."""
    doc = name.doc
    i = name.i + 1 if _lemma(name) in lx.PERSON_TITLE_WORDS else name.i  # "Memorial's lawyer"
    while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].ent_type_ == "PERSON":
        i -= 1
    if i < 3 or _lemma(doc[i - 1]) not in lx.PERSON_TITLE_WORDS or doc[i - 2].text not in (
            "'s", "’s") or doc[i - 3].pos_ != "PROPN":
        return []
    j = i - 3
    while j > 0 and doc[j - 1].pos_ == "PROPN":
        j -= 1
    span = char_span(doc[j:i - 2])
    if span is None:
        return []
    return [{"name": doc_text(doc)[slice(*span)], "kind": "organisation", "span": span,
             "anaphor": None}]


REPORT_NOUNS = word_set("en", "attribution", "report_nouns")


def _source_heads(tok: Token) -> list[Token]:
    """A phrase head and the heads conjoined with it ("two of the men and the group X");
    "a count of court filings by the project X" gives X, "a post on the channel X" X."""
    if tok.lemma_.lower() in REPORT_NOUNS and not any(
            c.dep_ == "poss" for c in tok.children):
        for p in tok.subtree:
            if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "from", "on") and p.head.i in (
                    tok.i, *[c.i for c in tok.subtree]):
                objs = children_by_dep(p, "pobj")
                if objs and (p.lower_ != "on" or any(  # on a channel, not on Telegram
                        _kind_of_word(_lemma(t)) == "outlet" for t in objs[0].subtree)):
                    return _source_heads(objs[0])
    out = [tok]
    for c in tok.subtree:
        if c != tok and c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.head.pos_ in (
                "NOUN", "PROPN", "NUM") and not any(a.dep_ in ("relcl", "acl") for a in
                                                    c.ancestors if tok.is_ancestor(a)):
            out.append(c)
    return list(dict.fromkeys(out))


# A named court that sentenced or convicted someone is where the facts come from.
RULING_VERBS = word_set("en", "attribution", "ruling_verbs")


SAID_TO_VERBS = word_set("en", "attribution", "said_to_verbs")


def _to_preps(verb: Token) -> list[Token]:
    """ "said to X", "described the conditions to X": the "to" of the verb or its object."""
    if verb.lemma_.lower() not in SAID_TO_VERBS:
        return []  # "recorded an appeal to the governor", "wrote to the prosecutor": addressees
    heads = [verb] + children_by_dep(verb, "dobj")
    return [p for h in heads for p in children_by_dep(h, "prep", "dative") if p.lower_ == "to"]


def _recipients(verb: Token, speaker: int | None, anonymous: bool) -> list[Link]:
    """ "relatives told Novaya Gazeta Europe": the named outlet that reported it, citing the
    speaker (left out later when it is the article's own publisher). Anonymous speakers talk
    to outlets, so whatever name they told is one."""
    out: list[Link] = []
    objs = [o for p in _to_preps(verb) for o in children_by_dep(p, "pobj")]
    if verb.lemma_.lower() in lx.RECIPIENT_VERBS:
        objs += children_by_dep(verb, "dative", "dobj")
    for obj in objs:
        d = describe(obj)
        if d is not None and d.get("name") and (d["kind"] in ("outlet", "organisation") or (
                anonymous and obj.pos_ == "PROPN")) and \
                not (_in_gazetteer(obj) and " " not in d["name"]):
            d.update(anchor=verb.i, cites=speaker, main=True)
            out.append(d)
    return out


def _trailing_speaker(verb: Token) -> list[Token]:
    """ "..., the X project, which helps soldiers, said": the parser hung the speaker on the
    clause before; the phrase set off right before the verb speaks."""
    if verb.i < 2:
        return []
    if verb.doc[verb.i - 1].text == ",":
        found = [t for t in verb.doc[max(0, verb.i - 40):verb.i]
                 if t.dep_ == "appos" and t.pos_ in ("NOUN", "PROPN") and t.head.i < t.i
                 and t.right_edge.i >= verb.i - 2 and (_kind_of_word(_lemma(t)) is not None
                                                       or _lemma(t) in lx.ANONYMOUS_WORDS)][:1]
        if found and _kind_of_word(_lemma(found[0])) is None:
            # "..., Natalya, the sister of one of the soldiers, told X": the name speaks
            name = found[0].head
            return [name] if name.pos_ == "PROPN" and name.dep_ != "appos" and \
                verb.doc[name.i + 1].text == "," and not _in_gazetteer(name) else []
        return found
    # "..., the regional outlet Prufy reported": a descriptor set off by a comma, its name
    # right before the verb
    prev = verb.doc[verb.i - 1]
    desc = prev.head
    if prev.dep_ == "appos" and prev.pos_ == "PROPN" and desc.i < prev.i and \
            desc.dep_ == "appos" and _kind_of_word(_lemma(desc)) in ("outlet", "organisation") \
            and desc.left_edge.i > 0 and verb.doc[desc.left_edge.i - 1].text == ",":
        return [desc]
    # "..., Ukraine's Centre for Strategic Communications said": a named body right before;
    # "..., Ukraine's military intelligence agency (HUR) said": a body's descriptor, named by
    # the abbreviation in brackets (describe() reads the name from the apposition)
    return [t for t in verb.doc[max(0, verb.i - 12):verb.i]
            if t.dep_ == "appos" and t.head.i < t.i
            and t.right_edge.i == verb.i - 1 and verb.doc[t.left_edge.i - 1].text == ","
            and ((t.pos_ == "PROPN" and not _in_gazetteer(t) and t.ent_type_ != "PERSON")
                 or (t.pos_ == "NOUN" and _kind_of_word(_lemma(t)) in ("outlet", "organisation")
                     and verb.doc[verb.i - 1].text == ")"))][:1]


def _named_before(head: Token) -> Link | None:
    """ "Natalya, the sister of one of the soldiers, told X", parsed with "sister" as the
    subject: the name set off right before the relative's phrase is who spoke."""
    if head.pos_ != "NOUN" or _lemma(head) not in lx.ANONYMOUS_WORDS or generic_plural(head):
        return None
    doc = head.doc
    comma = head.left_edge.i - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    name = doc[comma - 1]
    if not name.text.istitle() or name.is_sent_start or name.pos_ not in ("PROPN", "NOUN", "ADV") \
            or _in_gazetteer(name):
        return None
    first = name.i
    while first > 0 and doc[first - 1].text.istitle() and doc[first - 1].pos_ == "PROPN":
        first -= 1
    before = doc[first - 1] if first > 0 else None
    if before is not None and not before.is_sent_start and before.text not in ('"', "”", "“",
                                                                               ",", "'", "’"):
        return None
    span = (doc[first].idx, name.idx + len(name.text))
    return {"name": doc_text(doc)[span[0]:span[1]], "kind": "person", "span": span,
            "anaphor": None}


def _speaker(head: Token) -> Token | None:
    """A place is never a source: "... reached Kazakhstan, the X project said" (a misparse
    that makes the place the subject) gives the project in apposition, or nothing."""
    if head.pos_ != "PROPN" or not _in_gazetteer(head) or head.ent_type_ == "PERSON":
        return head
    appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")]
    return appos[0] if appos else None


def _links_of(head: Token, anchor: Token) -> list[Link]:
    links: list[Link] = []
    heads = [h for h in (_speaker(x) for x in _source_heads(head)) if h is not None]
    for h in heads:
        d = describe(h)
        if d is None:
            continue
        d["anchor"] = anchor.i
        d["cites"] = None
        d["main"] = anchor.dep_ == "ROOT" or anchor.lower_ == "according" or any(
            c.lower_ == "according" for c in anchor.children)
        links.append(d)
        owner = len(links) - 1
        seen = {d.get("name")}
        for a in _affiliates(h) + _owner_of_title(h):
            if a.get("name") in seen:
                continue
            seen.add(a.get("name"))
            a["anchor"] = anchor.i
            a["cites"] = None
            a["main"] = d["main"]
            a["affiliate_of"] = owner
            links.append(a)
    return links


def _in_gazetteer(tok: Token) -> bool:
    """A place the gazetteer knows ("Tskhinvali"); the NER's GPE label is not trusted here, it
    calls outlets such as "Mediazona" places."""
    return any(s.start <= tok.i < s.end for s in tok.doc.spans.get(PLACE_SPANS_KEY, []))


def sentence_links(sent: Span) -> list[Link]:
    """Every link of attribution in one sentence, in order of appearance."""
    links: list[Link] = []
    handled: set[int] = set()
    verbs_first = sorted(sent, key=lambda t: (_lemma(t) == "cite", t.i))
    for tok in verbs_first:
        lemma = _lemma(tok)
        if tok.i in handled:
            continue
        if tok.lower_ == "according":
            for to in children_by_dep(tok, "prep"):
                for obj in children_by_dep(to, "pobj"):
                    links.extend(_links_of(obj, tok.head if tok.head != tok else tok))
        elif lemma == "interview" and tok.pos_ == "NOUN":
            for w in children_by_dep(tok, "prep"):  # "In an interview with Vot Tak, X says"
                for obj in children_by_dep(w, "pobj"):
                    if w.lower_ == "with" and obj.pos_ == "PROPN":
                        links.extend(x for x in _links_of(obj, sent.root) if x.get("name"))
        elif lemma in lx.REPORT_VERBS and tok.pos_ in ("VERB", "AUX") and lemma != "cite":
            subjects = children_by_dep(tok, "nsubj")
            agents = [o for a in children_by_dep(tok, "agent") for o in children_by_dep(
                a, "pobj")]
            speaker = subjects or agents or _trailing_speaker(tok)
            if len(speaker) > 1 and _kind_of_word(_lemma(speaker[0])) and \
                    speaker[1].pos_ == "PROPN":
                speaker = speaker[1:]  # "The organization [nsubj] Agora [nsubj]"
            if lemma == "quote":
                speaker = speaker + children_by_dep(tok, "dobj")
            start = len(links)
            for s in speaker:
                named = _named_before(s)
                if named is not None:
                    links.append({**named, "anchor": tok.i, "cites": None,
                                  "main": tok.dep_ == "ROOT"})
                else:
                    links.extend(_links_of(s, tok))
            for x in links[start:]:
                x["verb"] = lemma  # "The Volga Courier has reported": the speaker's own work
            # the name the participle hangs on, or one inside the phrase it hangs on; parsed as
            # a clause of the verb, the name right before it ("according to lawyer Anna
            # Petrova, quoted by Sea Post, nine sailors refused")
            quoted = next((j for j, x in enumerate(links[:start]) if x.get("span") and (
                x["span"][0] <= tok.head.idx < x["span"][1]
                or tok.head.left_edge.idx <= x["span"][0] < x["span"][1] <= tok.idx)),
                None) if tok.dep_ == "acl" else next(
                (j for j, x in enumerate(links[:start]) if x.get("span")
                 and 0 <= tok.idx - x["span"][1] <= 2), None) if tok.dep_ == "advcl" else None
            if quoted is not None and lemma in ("quote", "cite"):
                for x in links[start:]:  # "according to Free Path, quoted by Sea Post"
                    x["cites"] = quoted
            if lemma in lx.RECIPIENT_VERBS or any(p.lower_ == "to" for p in _to_preps(tok)):
                anonymous = all(x["kind"] == "anonymous" for x in links[start:])
                links.extend(_recipients(tok, start if len(links) > start else None,
                                         anonymous))
            cites = [c for c in tok.children if _lemma(c) == "cite" or (
                _lemma(c) == "quote" and c.tag_ == "VBG")] + [
                c for s in speaker for c in s.subtree if _lemma(c) == "cite"]
            for cite in cites:
                handled.add(cite.i)
                for obj in children_by_dep(cite, "dobj"):
                    cited = _links_of(obj, tok)
                    if cited and start < len(links):
                        links[start]["cites"] = len(links)
                    links.extend(cited)
        elif lemma in lx.DENIAL_HEADS and tok.pos_ == "VERB":
            for obj in children_by_dep(tok, "dobj"):  # "denied a report by the X channel"
                if _lemma(obj) in REPORT_NOUNS:
                    links.extend(x for x in _links_of(obj, tok) if x.get("name"))
        elif lemma in RULING_VERBS and tok.pos_ == "VERB":
            for subj in children_by_dep(tok, "nsubj"):  # court records speak for the court
                if _lemma(subj) in LOCATED_BODIES:
                    links.extend(x for x in _links_of(subj, tok) if x.get("name"))
        elif lemma == "cite" and tok.dep_ not in ("advcl",):
            for obj in children_by_dep(tok, "dobj"):
                links.extend(_links_of(obj, tok))
        elif lemma == "cite" and not any(_lemma(tok.head) == v for v in lx.REPORT_VERBS):
            # "Mediazon, citing a source, reported": cite hangs from the subject's verb
            for obj in children_by_dep(tok, "dobj"):
                links.extend(_links_of(obj, tok.head))
    # a bare trailing name: "... it is hard to prosecute them, Mediazona."
    last = [t for t in sent if not t.is_punct and not t.is_space]
    if last and last[-1].pos_ == "PROPN" and last[-1].dep_ in ("npadvmod", "appos", "dep") \
            and last[-1].i > 1 and sent.doc[name_run(last[-1])[0].i - 1].text == "," \
            and not _in_gazetteer(last[-1]):
        links.extend(_links_of(last[-1], last[-1].head))
    return links


def _scope(sent: Span, links: list[Link], triggers: list[tuple[int, Token]]) -> dict[int, list[
        int]]:
    """Which links vouch for which trigger (keyed by the trigger's character offset)."""
    doc = sent.doc
    scope: dict[int, list[int]] = {start: [] for start, _ in triggers}
    if not triggers:
        return scope
    if len(triggers) == 1:
        scope[triggers[0][0]] = list(range(len(links)))
        return scope
    last_trigger_end = max(t.i for _, t in triggers)
    sentence_level: list[int] = []
    for li, link in enumerate(links):
        anchor = doc[link["anchor"]]
        owners = [start for start, t in triggers if t == anchor or anchor.is_ancestor(t)]
        under = [(len(list(t.ancestors)), start) for start, t in triggers
                 if t.is_ancestor(anchor)]
        if under:
            owners.append(max(under)[1])
        for o in set(owners):
            scope[o].append(li)
        if anchor.i > last_trigger_end or not owners:
            sentence_level.append(li)
    for start in scope:
        if not scope[start]:
            scope[start] = list(sentence_level)
    return scope


def find_attributions(doc: Doc) -> list[dict[str, Any]]:
    """One record per sentence that has links of attribution or triggers."""
    mentions = doc._.otkaz_mentions or []
    by_sent: dict[int, list[tuple[int, Token]]] = {}
    for m in mentions:
        span = doc.char_span(m["trigger"][0], m["trigger"][1], alignment_mode="expand")
        if span is not None:
            by_sent.setdefault(sent_of(span[0]).start, []).append((m["trigger"][0], span[0]))
    out: list[dict[str, Any]] = []
    for sent in sents(doc):
        links = sentence_links(sent)
        triggers = by_sent.get(sent.start, [])
        names = sentence_names(sent)
        if not links and not triggers and not names:
            continue
        scope = _scope(sent, links, triggers)
        out.append({"sent": (sent.start_char, sent.end_char), "links": links,
                    "scope": {str(k): v for k, v in scope.items()}, "names": names,
                    "confirms": bool(links) and confirms(sent)})
    return out


@Language.component(
    "otkaz_attribution",
    requires=["doc._.otkaz_mentions", "token.dep", "token.ent_type"],
    assigns=["doc._.otkaz_attributions"],
)
def attribution_component(doc: Doc) -> Doc:
    """Store the attribution of each sentence in `doc._.otkaz_attributions`."""
    doc._.otkaz_attributions = find_attributions(doc)
    return doc
