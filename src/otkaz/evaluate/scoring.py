"""Predicted reports scored against gold reports, as typed results.

    >>> result = score(docs, gold, pred)                 # lists of FORMAT.md JSON objects
    >>> result.incidents.detection.f1, result.linking    # doctest: +SKIP
    (0.8, Linking(precision=1.0, recall=0.75, f1=0.857..., mentions=4))
    >>> print(result.table())                            # score.py's table, line for line

The definitions are those of the reference scorer `score.py` (docs/FORMAT.md):

- detection: a predicted item matched to a gold one (evidence overlap, one to one) is
  correct; precision over predicted items, recall over gold items, for incidents and
  figures apart;
- fields: on matched pairs, for each field, precision (correct among present predicted
  values) and recall (correct among present gold values); list fields count items;
- end-to-end: every present field value counts, those of unmatched items too (they
  can only be wrong), so it falls with both detection and field errors;
- linking: B-cubed over matched incidents, predicted `incident_id` against gold `case`;
  None unless some prediction carries an `incident_id`;
- grounded: the share of predicted items whose evidence and spans all lie in the text.

`result.to_dict()` is score.py's `--json` object, key for key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from otkaz.errors import EvaluationError
from otkaz.evaluate.compare import field_equal, present, set_matches
from otkaz.evaluate.matching import footprint, match

__all__ = ["FIGURE_FIELDS", "INCIDENT_FIELDS", "PRF", "Evaluation", "KindScores", "Linking",
           "bcubed", "score"]

SCALAR = ("type", "force", "count", "home", "place", "when", "actor", "unit")
SETS = ("sources", "outcomes", "personnel")
FIGURE_SCALAR = ("measure", "value", "period", "place")
FIGURE_SETS = ("sources",)
INCIDENT_FIELDS = SCALAR + SETS
FIGURE_FIELDS = FIGURE_SCALAR + FIGURE_SETS
_KINDS = (("incidents", SCALAR, SETS), ("figures", FIGURE_SCALAR, FIGURE_SETS))
_SUMMARY_KEYS = ("type", "actor", "measure", "count", "value")  # what --show names an item by


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them (None where undefined)."""

    precision: float | None
    recall: float | None
    f1: float | None
    predicted: int
    gold: int
    correct: int

    @classmethod
    def of(cls, predicted: int, gold: int, correct: int) -> PRF:
        """    >>> PRF.of(4, 5, 3).f1
        0.6666666666666666
        """
        p = correct / predicted if predicted else None
        r = correct / gold if gold else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if predicted or gold else None)
        return cls(p, r, f, predicted, gold, correct)

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "predicted": self.predicted, "gold": self.gold, "correct": self.correct}


@dataclass(frozen=True)
class KindScores:
    """Detection, end-to-end and per-field scores of incidents (or of figures)."""

    detection: PRF
    end_to_end: PRF
    fields: dict[str, PRF]

    def to_dict(self) -> dict[str, Any]:
        return {"detection": self.detection.to_dict(), "end_to_end": self.end_to_end.to_dict(),
                "fields": {k: v.to_dict() for k, v in self.fields.items()}}


@dataclass(frozen=True)
class Linking:
    """B-cubed precision, recall and F1 of cross-document linking over matched mentions."""

    precision: float | None
    recall: float | None
    f1: float | None
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "mentions": self.mentions}


@dataclass(frozen=True)
class Evaluation:
    """Everything `otkaz evaluate` reports; `shown` lists misses, extras and wrong fields."""

    documents: int
    incidents: KindScores
    figures: KindScores
    linking: Linking | None
    grounded: float | None
    shown: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """score.py's `--json` object."""
        return {"documents": self.documents, "incidents": self.incidents.to_dict(),
                "figures": self.figures.to_dict(),
                "linking": self.linking.to_dict() if self.linking else None,
                "grounded": self.grounded}

    def table(self) -> str:
        """score.py's table, line for line."""
        out = [f"documents: {self.documents}"]
        for kind, r in (("incidents", self.incidents), ("figures", self.figures)):
            d, e = r.detection, r.end_to_end
            out.append(f"{kind}: detection P {_fmt(d.precision)} R {_fmt(d.recall)} "
                       f"F1 {_fmt(d.f1)}  ({d.correct} matched of {d.predicted} predicted, "
                       f"{d.gold} gold)")
            out.append(f"  end-to-end fields  P {_fmt(e.precision)} R {_fmt(e.recall)} "
                       f"F1 {_fmt(e.f1)}")
            for name, f in r.fields.items():
                out.append(f"  {name:10s} P {_fmt(f.precision)} R {_fmt(f.recall)}"
                           f"  ({f.correct}/{f.predicted} pred, {f.gold} gold)")
        if self.linking:
            b = self.linking
            out.append(f"linking B3: P {_fmt(b.precision)} R {_fmt(b.recall)} F1 {_fmt(b.f1)}"
                       f" over {b.mentions} matched mentions")
        out.append(f"grounded: {_fmt(self.grounded)}")
        return "\n".join(out)


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.3f}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Tally:
    """Predicted, gold and correct counts by key ("incidents.place", ...)."""

    def __init__(self) -> None:
        self.n: dict[str, tuple[int, int, int]] = {}

    def add(self, key: str, pred_n: int, gold_n: int, hit_n: int) -> None:
        p, g, h = self.n.get(key, (0, 0, 0))
        self.n[key] = (p + pred_n, g + gold_n, h + hit_n)

    def prf(self, key: str) -> PRF:
        return PRF.of(*self.n.get(key, (0, 0, 0)))


def _list(item: dict[str, Any], name: str) -> list[Any]:
    return [x for x in (item.get(name) or []) if x]


def _score_fields(tally: _Tally, kind: str, pred: dict[str, Any], gold: dict[str, Any],
                  scalars: Sequence[str], sets: Sequence[str], shown: list[str] | None
                  ) -> None:
    for name in scalars:
        pv, gv = pred.get(name), gold.get(name)
        hit = present(pv) and present(gv) and field_equal(name, pv, gv)
        for key in (f"{kind}.{name}", f"{kind}.all_fields"):
            tally.add(key, int(present(pv)), int(present(gv)), int(hit))
        if shown is not None and (present(pv) or present(gv)) and not hit:
            shown.append(f"    {name}: predicted {_dumps(pv)} gold {_dumps(gv)}")
    for name in sets:
        pl, gl = _list(pred, name), _list(gold, name)
        hits = set_matches(name, pl, gl)
        for key in (f"{kind}.{name}", f"{kind}.all_fields"):
            tally.add(key, len(pl), len(gl), hits)
        if shown is not None and (hits < len(pl) or hits < len(gl)):
            shown.append(f"    {name}: predicted {_dumps(pl)} gold {_dumps(gl)}")


def _unmatched_fields(tally: _Tally, kind: str, item: dict[str, Any], scalars: Sequence[str],
                      sets: Sequence[str], as_pred: bool) -> None:
    n = sum(int(present(item.get(name))) for name in scalars)
    n += sum(len(_list(item, name)) for name in sets)
    tally.add(f"{kind}.end_to_end", n if as_pred else 0, 0 if as_pred else n, 0)


def bcubed(pairs: Sequence[tuple[str, str]]) -> Linking:
    """B-cubed over (predicted cluster, gold cluster) of each matched mention.

        >>> bcubed([("p1", "g1"), ("p1", "g2"), ("p2", "g2")]).precision
        0.6666666666666666
    """
    if not pairs:
        return Linking(None, None, None, 0)
    prec = rec = 0.0
    for pc, gc in pairs:
        same_p = [x for x in pairs if x[0] == pc]
        same_g = [x for x in pairs if x[1] == gc]
        both = [x for x in same_p if x[1] == gc]
        prec += len(both) / len(same_p)
        rec += len(both) / len(same_g)
    prec, rec = prec / len(pairs), rec / len(pairs)
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return Linking(prec, rec, f, len(pairs))


def _summary(item: dict[str, Any]) -> str:
    return _dumps({k: item.get(k) for k in _SUMMARY_KEYS if k in item})


def score(docs: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]],
          pred: Iterable[dict[str, Any]], show: bool = False) -> Evaluation:
    """Score `pred` against `gold` over the documents that have gold (see the module).

    Each argument is a sequence of FORMAT.md JSON objects (documents, gold reports,
    predicted reports). A prediction or gold report for an id with no document is an
    EvaluationError (E603); a document with gold but no prediction predicted nothing.
    """
    texts = {d["id"]: d["text"] for d in docs}
    gold_by = {g["id"]: g for g in gold}
    pred_by: dict[str, dict[str, Any]] = {}
    for p in pred:
        if p.get("id") not in texts:
            raise EvaluationError(f"prediction for an unknown document id: {p.get('id')!r}",
                                  "E603", "predictions and gold must name documents of --docs")
        pred_by[p["id"]] = p
    tally, shown = _Tally(), []
    links: list[tuple[str, str]] = []
    grounded = total_items = 0
    for doc_id, g in gold_by.items():
        if doc_id not in texts:
            raise EvaluationError(f"gold for an unknown document id: {doc_id!r}", "E603",
                                  "give the documents the gold was written for (--docs)")
        text = texts[doc_id]
        p = pred_by.get(doc_id, {})
        lines: list[str] = []
        for kind, scalars, sets in _KINDS:
            preds, golds = list(p.get(kind) or []), list(g.get(kind) or [])
            for item in preds:
                ranges, bad = footprint(text, item, False)
                total_items += 1
                grounded += int(bool(ranges) and not bad)
            pairs = match(text, preds, golds, doc_id)
            tally.add(f"{kind}.detection", len(preds), len(golds), len(pairs))
            for i, j in pairs:
                sub: list[str] | None = [] if show else None
                _score_fields(tally, kind, preds[i], golds[j], scalars, sets, sub)
                if kind == "incidents":
                    pc = preds[i].get("incident_id")
                    links.append((f"p:{pc}" if pc is not None else f"p#{doc_id}#{i}",
                                  f"g:{golds[j].get('case') or f'{doc_id}#{j}'}"))
                if sub:
                    name = golds[j].get("actor") or golds[j].get("measure")
                    lines.append(f"  {kind[:-1]} matched: {name}")
                    lines.extend(sub)
            matched_p = {i for i, _ in pairs}
            matched_g = {j for _, j in pairs}
            for i, item in enumerate(preds):
                if i not in matched_p:
                    _unmatched_fields(tally, kind, item, scalars, sets, True)
                    lines.append(f"  extra {kind[:-1]}: {_summary(item)}")
            for j, item in enumerate(golds):
                if j not in matched_g:
                    _unmatched_fields(tally, kind, item, scalars, sets, False)
                    lines.append(f"  missed {kind[:-1]}: {_summary(item)}")
        if show and lines:
            shown.append(f"{doc_id}:")
            shown.extend(lines)
    for kind, _, _ in _KINDS:  # end-to-end: matched items' fields, plus unmatched ones'
        tally.add(f"{kind}.end_to_end", *tally.n.get(f"{kind}.all_fields", (0, 0, 0)))
    scores = {kind: KindScores(tally.prf(f"{kind}.detection"), tally.prf(f"{kind}.end_to_end"),
                               {n: tally.prf(f"{kind}.{n}") for n in (*scalars, *sets)})
              for kind, scalars, sets in _KINDS}
    return Evaluation(
        documents=len(gold_by), incidents=scores["incidents"], figures=scores["figures"],
        linking=bcubed(links) if any(not a.startswith("p#") for a, _ in links) else None,
        grounded=(grounded / total_items) if total_items else None, shown=shown)
