"""Label Studio's `result` lists (the JSON of predictions and annotations) and our items.

    >>> result = to_result(items, text)          # labels, per-region choices and values, relations
    >>> items = from_result(result, text)        # the same items back

The shapes are Label Studio's documented ones (https://labelstud.io/guide/task_format):

    {"id": "i0e0", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 0, "end": 17, "text": "...", "labels": ["Incident"]}}
    {"id": "i0e0", "from_name": "type", "to_name": "text", "type": "choices",
     "value": {"start": 0, "end": 17, "choices": ["refusal"]}}      # per region: same id
    {"id": "i0e0", "from_name": "values", "to_name": "text", "type": "textarea",
     "value": {"start": 0, "end": 17, "text": ["count: 12"]}}
    {"from_id": "i0s1", "to_id": "i0e0", "type": "relation", "direction": "right"}

Regions are grouped into items by relations (in any direction, chained or not); a field
region that no relation joins belongs to the one item whose evidence holds it. Label
Studio counts offsets in UTF-16 code units, as JavaScript does, so characters beyond
U+FFFF (emoji) are converted both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otkaz.errors import AnnotationError
from otkaz.labelstudio.config import (
    CHOICES,
    KIND_OF_LABEL,
    LABEL_OF_KIND,
    LABELS,
    TEXT,
    VALUES,
)
from otkaz.labelstudio.items import AnnotatedItem, Region


class Offsets:
    """Python string indices <-> UTF-16 code units (Label Studio's offsets) for one text.

        >>> o = Offsets("a😀b"); o.js(2), o.py(3)
        (3, 2)
    """

    def __init__(self, text: str) -> None:
        self._wide = any(ord(c) > 0xFFFF for c in text)
        self._js: list[int] = []
        if self._wide:
            n = 0
            for c in text:
                self._js.append(n)
                n += 2 if ord(c) > 0xFFFF else 1
            self._js.append(n)
            self._py = {j: i for i, j in enumerate(self._js)}

    def js(self, i: int) -> int:
        return self._js[i] if self._wide else i

    def py(self, j: int) -> int | None:
        """The Python index of a UTF-16 offset; None inside a character (a broken region)."""
        return self._py.get(j) if self._wide else j


def _region_json(rid: str, name: str, kind: str, start: int, end: int,
                 value: dict[str, Any]) -> dict[str, Any]:
    return {"id": rid, "from_name": name, "to_name": TEXT, "type": kind,
            "value": {"start": start, "end": end, **value}}


def to_result(items: list[AnnotatedItem], text: str) -> list[dict[str, Any]]:
    """The result list of a task's prediction (or annotation) holding `items`."""
    o = Offsets(text)
    out: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for n, item in enumerate(items):
        prefix = f"{item.kind[0]}{n}"
        head = f"{prefix}e0"
        regions = [(f"{prefix}e{i}", r, LABEL_OF_KIND[item.kind])
                   for i, r in enumerate(item.evidence)]
        regions += [(f"{prefix}s{i}", r, r.label) for i, r in enumerate(item.spans)]
        for rid, r, label in regions:
            start, end = o.js(r.start), o.js(r.end)
            out.append(_region_json(rid, LABELS, "labels", start, end,
                                    {"text": text[r.start:r.end], "labels": [label]}))
            if rid != head:
                relations.append({"from_id": rid, "to_id": head, "type": "relation",
                                  "direction": "right"})
        first = item.evidence[0]
        start, end = o.js(first.start), o.js(first.end)
        for name, chosen in item.choices.items():
            out.append(_region_json(head, name, "choices", start, end, {"choices": chosen}))
        if item.values:
            out.append(_region_json(head, VALUES, "textarea", start, end,
                                    {"text": list(item.values)}))
    return out + relations


@dataclass
class _Found:
    """One labelled region of an annotation, with what is attached to it."""

    rid: str
    region: Region
    choices: dict[str, list[str]]
    values: list[str]


def _span(value: dict[str, Any], o: Offsets, text: str, rid: str) -> tuple[int, int]:
    try:
        start, end = o.py(int(value["start"])), o.py(int(value["end"]))
    except (KeyError, TypeError, ValueError):
        raise AnnotationError(f"region {rid} has no start and end", "E613") from None
    if start is None or end is None or not 0 <= start < end <= len(text):
        raise AnnotationError(f"region {rid} does not fit the text", "E613",
                              "was the task's text changed after it was annotated?")
    words = value.get("text")
    if isinstance(words, str) and words != text[start:end]:
        raise AnnotationError(f"region {rid} says {words[:40]!r} but the text has "
                              f"{text[start:end][:40]!r} there", "E613",
                              "was the task's text changed after it was annotated?")
    return start, end


def _root(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def from_result(result: list[Any], text: str) -> list[AnnotatedItem]:
    """The items an annotation's `result` holds, in the order of their first regions."""
    o = Offsets(text)
    found: dict[str, _Found] = {}
    attached: list[tuple[str, str, Any]] = []  # (region id, control, value)
    links: list[tuple[str, str]] = []
    for entry in result:
        if not isinstance(entry, dict):
            continue
        value: dict[str, Any] = entry["value"] if isinstance(entry.get("value"), dict) else {}
        kind, rid = entry.get("type"), str(entry.get("id", ""))
        if kind == "relation":
            links.append((str(entry.get("from_id")), str(entry.get("to_id"))))
        elif kind == "labels" and entry.get("from_name") == LABELS:
            for label in value.get("labels") or []:
                start, end = _span(value, o, text, rid)
                key = rid if rid not in found else f"{rid}#{label}"
                found[key] = _Found(rid, Region(start, end, str(label)), {}, [])
        elif kind == "choices" and entry.get("from_name") in CHOICES:
            attached.append((rid, str(entry["from_name"]), list(value.get("choices") or [])))
        elif kind == "textarea" and entry.get("from_name") == VALUES:
            lines = [line for t in value.get("text") or [] for line in str(t).splitlines()]
            attached.append((rid, VALUES, lines))
    for rid, control, val in attached:
        for f in found.values():
            if f.rid == rid:
                if control == VALUES:
                    f.values.extend(val)
                else:
                    f.choices[control] = val
                break
    return _group(found, links)


def _group(found: dict[str, _Found], links: list[tuple[str, str]]) -> list[AnnotatedItem]:
    parent = {k: k for k in found}
    by_rid: dict[str, list[str]] = {}
    for k, f in found.items():
        by_rid.setdefault(f.rid, []).append(k)
    for a, b in links:
        for x in by_rid.get(a, []):
            for y in by_rid.get(b, []):
                parent[_root(parent, x)] = _root(parent, y)
    groups: dict[str, list[_Found]] = {}
    for k, f in found.items():
        groups.setdefault(_root(parent, k), []).append(f)
    items: list[AnnotatedItem] = []
    loose: list[_Found] = []
    for members in groups.values():
        kinds = {KIND_OF_LABEL[f.region.label] for f in members if f.region.label in KIND_OF_LABEL}
        if not kinds:
            loose.extend(members)
            continue
        if len(kinds) > 1:
            raise AnnotationError("an Incident and a Figure region are joined by relations",
                                  "E614", "join each region to its own item only")
        item = AnnotatedItem(kinds.pop())
        for f in members:
            (item.evidence if f.region.label in KIND_OF_LABEL else item.spans).append(f.region)
            for name, chosen in f.choices.items():
                item.choices.setdefault(name, chosen)
            item.values.extend(f.values)
        items.append(item)
    for f in loose:  # a field region no relation joins: the one item whose evidence holds it
        holders = [i for i in items if any(e.start <= f.region.start and f.region.end <= e.end
                                           for e in i.evidence)]
        if len(holders) == 1:
            holders[0].spans.append(f.region)
            holders[0].values.extend(f.values)
    return items
