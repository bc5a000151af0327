"""Span exactness: every offset a report gives lies on word boundaries and supports its value.

    >>> from otkaz.models import Incident, Report
    >>> text = "Nine soldiers were returned to Pskov."
    >>> report = Report("a", [Incident("refusal", "Nine soldiers", evidence=[(0, 37)],
    ...                                spans={"outcomes.0": (14, 32)})])
    >>> [f.problem for f in span_faults(text, report)]
    ['ends inside a word']

The checks (what the property tests in tests/extract/test_span_exactness.py and the
fuzz tests hold the extractor to):

- a span lies inside the text and is not inside-out;
- it neither starts nor ends inside a word: there is never a word character on both
  sides of one of its boundaries ("returned to P|skov" is a fault);
- a `count` span's text parses to the count (`normalize.counts.parse_count`), plus one
  when a `count_lead` span names the man who leads the counted ("Captain Petrov and 11 of
  his officers"), or it is the actor's own span and the count is one (a person named:
  "Private Ivan Sokolov");
- a `place` or `home` span's text is the value, as written.

These are what a reader checks when the dashboard highlights the words behind a value,
so a report that fails them cannot be shown as it is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from otkaz.models import Figure, Incident, Range, Report, Span
from otkaz.normalize.counts import parse_count


@dataclass(frozen=True)
class SpanFault:
    """One span that fails a check: where it is, which field, and what is wrong."""

    item: str  # "incident 0", "figure 2"
    field: str  # "evidence", "count", "outcomes.0", ...
    span: Span
    problem: str
    text: str  # the span's text (clipped to the document), for the message

    def __str__(self) -> str:
        return f"{self.item} {self.field} {list(self.span)} {self.problem}: {self.text!r}"


def _word(ch: str) -> bool:
    # a letter or digit of any script (Cyrillic included), or an underscore: what \w means
    return ch.isalnum() or ch == "_"


def cuts_word(text: str, at: int) -> bool:
    """Whether offset `at` falls between two word characters of `text` (inside a word).

        >>> cuts_word("Pskov", 1), cuts_word("to Pskov", 2), cuts_word("to Pskov", 0)
        (True, False, False)
    """
    return 0 < at < len(text) and _word(text[at - 1]) and _word(text[at])


def _boundary_faults(text: str, span: Span) -> list[str]:
    start, end = span
    if not (0 <= start <= end <= len(text)):
        return ["lies outside the text or is inside-out"]
    problems = []
    if cuts_word(text, start):
        problems.append("starts inside a word")
    if cuts_word(text, end):
        problems.append("ends inside a word")
    return problems


def _read_count(words: str, wanted: Range | None) -> Range | None:
    """The count a span's words state, in English or in Russian ("одного", "около 300"):
    Russian words may read several ways ("10 тысяч"), and `wanted` is kept if one is it."""
    if any("а" <= ch.lower() <= "я" for ch in words):
        from otkaz.extract.ru.numbers import find_counts  # Russian only when needed

        values = [c.value for c in find_counts(words)]
        return wanted if wanted in values else (values[0] if values else None)
    return parse_count(words)


def _value_fault(text: str, field: str, span: Span, item: Incident | Figure) -> str | None:
    """Why the span's text does not support the field's value, or None when it does."""
    words = text[span[0]:span[1]]
    if field == "count" and isinstance(item, Incident):
        if item.count == Range(1, 1) and item.spans.get("actor") == span:
            return None  # a person named stands for one
        parsed = _read_count(words, item.count)
        if parsed is not None and "count_lead" in item.spans:  # the man who leads them
            parsed = Range(None if parsed.low is None else parsed.low + 1,
                           None if parsed.high is None else parsed.high + 1)
        if parsed != item.count:
            return f"reads {parsed} but the count is {item.count}"
    if field in ("place", "home"):
        value = getattr(item, field, None)
        if value is not None and words != value:
            return f"is not the {field} {value!r}"
    return None


def span_faults(text: str, report: Report) -> list[SpanFault]:
    """Every span of `report` (evidence and field spans) that fails a check on `text`."""
    faults: list[SpanFault] = []
    items: list[tuple[str, Incident | Figure]] = [
        *((f"incident {i}", x) for i, x in enumerate(report.incidents)),
        *((f"figure {i}", x) for i, x in enumerate(report.figures))]
    for name, item in items:
        fields = [("evidence", s) for s in item.evidence] + sorted(item.spans.items())
        for field, span in fields:
            problems = _boundary_faults(text, span)
            if not problems:
                value = _value_fault(text, field, span, item)
                problems = [value] if value else []
            clip = text[max(0, span[0]):max(0, min(len(text), span[1]))]
            faults.extend(SpanFault(name, field, span, p, clip) for p in problems)
    return faults
