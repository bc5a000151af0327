"""How values read on the pages (Jinja filters); the JSON twins keep the raw values.

    >>> fmt_count({"low": 12, "high": None})
    '12 or more'
    >>> fmt_confidence(0.8765), fmt_confidence(None)
    ('0.88', '—')
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment


def fmt_count(value: Any) -> str:
    """A count or figure value {low, high} as words: 12, 12–20, 12 or more, up to 20."""
    if not isinstance(value, dict):
        return "—"
    low, high = value.get("low"), value.get("high")
    if low is None and high is None:
        return "—"
    if low is None:
        return f"up to {high}"
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}–{high}"


def fmt_when(value: Any) -> str:
    """A date range {start, end} as one day or start – end."""
    if not isinstance(value, dict) or not value.get("start"):
        return "—"
    start, end = str(value["start"])[:10], str(value.get("end") or value["start"])[:10]
    return start if start == end else f"{start} – {end}"


def fmt_value(value: Any, field: str | None = None) -> str:
    """Any field's value as text: counts and dates as above, lists joined, null as a dash."""
    if field in ("count", "value") or (isinstance(value, dict) and "low" in value):
        return fmt_count(value)
    if field in ("when", "period") or (isinstance(value, dict) and "start" in value):
        return fmt_when(value)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(fmt_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fmt_value(v)}" for k, v in value.items())
    return str(value)


def fmt_confidence(value: Any) -> str:
    """A confidence (a probability, 0 to 1) to two decimals; unknown as a dash.

    Two decimals, not a percentage: it reads as the number the filter takes
    (min_confidence=0.5), and more digits would claim a precision a model lacks.
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    return f"{value:.2f}"


def fmt_place(worded: Any, entry: Any) -> str:
    """A place as worded with its gazetteer entry's canonical name beside it, when that says
    more: "Брянке → Bryanka"; just "Bryanka" when both agree; a dash for none."""
    from otkaz.normalize.identity import worded_and_canonical

    shown = worded_and_canonical(worded if isinstance(worded, str) else None,
                                 {"name": entry} if isinstance(entry, str) else None)
    return shown or "—"


def shorten(text: str, limit: int = 60) -> str:
    """`text` on one line, cut after a word to at most `limit` characters with an ellipsis.

        >>> shorten("Nine contract sailors of the Pacific Fleet", 24)
        'Nine contract sailors…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def install(env: Environment) -> None:
    """Register the filters on a Jinja environment."""
    env.filters.update(count=fmt_count, when=fmt_when, value=fmt_value,
                       confidence=fmt_confidence, place=fmt_place, short=shorten)
