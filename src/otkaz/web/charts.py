"""Charts drawn on the server as inline SVG, so they show without JavaScript.

    >>> "<svg" in timeline_svg([MonthStat("2022-03", cases=2, low=10, high=14)])
    True

Every label is escaped; numbers are formatted by the code, never taken as markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 900, 320
PANEL_HEIGHT = 240  # each panel of the figures chart
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 16, 48
PALETTE = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#01665e")


@dataclass(frozen=True)
class MonthStat:
    """One month of the timeline: cases that began in it and the people they report."""

    month: str  # "YYYY-MM"
    cases: int
    low: int  # people, adding each case's lower count
    high: int  # people, adding each case's upper count (the lower one where open-ended)


@dataclass(frozen=True)
class FigurePoint:
    """One reported figure: the day its period ends (or it was published) and its value."""

    day: date
    low: int | None
    high: int | None
    label: str


# Kinds of period in the order their panels are drawn; "from YYYY-MM-DD" (running totals
# from one day) and "N days" (any other span) follow, and figures without a period last.
PERIOD_KINDS = ("day", "week", "month", "quarter", "half year", "year")
NO_PERIOD = "no period stated"
# the period lengths, in days, that each kind takes (calendar months and years vary)
_KIND_DAYS = (("day", 1, 1), ("week", 7, 7), ("month", 28, 31), ("quarter", 89, 92),
              ("half year", 181, 184), ("year", 365, 366))


def period_kind(start: date | None, end: date | None) -> str:
    """What a figure's period is, so that only figures of one kind of period are joined.

        >>> period_kind(date(2023, 10, 1), date(2023, 10, 31)), period_kind(None, None)
        ('month', 'no period stated')
        >>> period_kind(date(2022, 2, 24), date(2024, 1, 15))   # a total since the war began
        'from 2022-02-24'
        >>> period_kind(date(2024, 3, 1), date(2024, 3, 10))
        '10 days'

    A period longer than a year is a running total from its first day: totals
    from the same day make one series (7,400 since February 2022, then 9,000),
    totals from another day another one. Any other length is its own kind.
    """
    if start is None or end is None:
        return NO_PERIOD
    days = (end - start).days + 1
    for kind, shortest, longest in _KIND_DAYS:
        if shortest <= days <= longest:
            return kind
    if days > 366:
        return f"from {start.isoformat()}"
    return f"{days} days"


def kind_order(kind: str) -> tuple[int, str]:
    """Sort key of period kinds: day ... year, then running totals, other spans, none."""
    if kind in PERIOD_KINDS:
        return PERIOD_KINDS.index(kind), ""
    if kind.startswith("from "):
        return len(PERIOD_KINDS), kind
    if kind == NO_PERIOD:
        return len(PERIOD_KINDS) + 2, ""
    return len(PERIOD_KINDS) + 1, kind.rjust(12)  # "10 days" before "100 days"


def kind_caption(kind: str) -> str:
    """How a panel of figures of this kind is titled: 'Per month', 'Totals from 2022-02-24'."""
    if kind in PERIOD_KINDS:
        return f"Per {kind}"
    if kind.startswith("from "):
        return f"Totals counted {kind}"
    if kind == NO_PERIOD:
        return "Figures with no period stated (at their publication date)"
    return f"Per period of {kind}"


@dataclass(frozen=True, order=True)
class SeriesKey:
    """One line of the figures chart: a measure over one kind of period."""

    measure: str
    period: str  # a period_kind()


def nice_ceiling(value: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) at or above `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def axis(largest: float) -> tuple[int, int]:
    """(top of the axis, tick step) for whole numbers up to `largest`: about five round ticks.

        >>> axis(5000), axis(30), axis(1)
        ((5000, 1000), (30, 10), (1, 1))
    """
    step = max(1, int(nice_ceiling(largest / 5)))
    return max(1, math.ceil(largest / step)) * step, step


def all_months(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from `first` to `last`, inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ticks(top: int, step: int, right: bool, height: int = HEIGHT) -> list[str]:
    plot_h, plot_w = height - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    parts = []
    for value in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * value / top
        if right:
            parts.append(f'<text class="tick right" x="{LEFT + plot_w + 6}" y="{y + 4:.1f}">'
                         f'{value}</text>')
        else:
            parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" '
                         f'y2="{y:.1f}"/><text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" '
                         f'text-anchor="end">{value}</text>')
    return parts


def _frame(left: tuple[int, int], y_label: str, right: tuple[int, int] | None,
           right_label: str, height: int = HEIGHT) -> list[str]:
    plot_h, plot_w = height - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    parts = [f'<rect class="frame" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}"/>']
    parts += _ticks(*left, right=False, height=height)
    parts.append(f'<text class="axis-label" x="12" y="{TOP + plot_h / 2}" '
                 f'transform="rotate(-90 12 {TOP + plot_h / 2})" text-anchor="middle">'
                 f'{escape(y_label)}</text>')
    if right is not None:
        parts += _ticks(*right, right=True, height=height)
        x = WIDTH - 10
        parts.append(f'<text class="axis-label right" x="{x}" y="{TOP + plot_h / 2}" '
                     f'transform="rotate(90 {x} {TOP + plot_h / 2})" text-anchor="middle">'
                     f'{escape(right_label)}</text>')
    return parts


def _svg(parts: list[str], title: str, css_class: str, height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg class="chart {css_class}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts) + "</svg>")


def timeline_svg(stats: list[MonthStat]) -> Markup:
    """People per month as a low/high band over bars of cases per month."""
    if not stats:
        return Markup('<p class="empty">No dated cases yet.</p>')
    by_month = {s.month: s for s in stats}
    months = all_months(min(by_month), max(by_month))
    rows = [by_month.get(m, MonthStat(m, 0, 0, 0)) for m in months]
    people_axis = axis(max(max(r.high, r.low) for r in rows))
    cases_axis = axis(max(r.cases for r in rows))
    people_max, cases_max = people_axis[0], cases_axis[0]
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    step = plot_w / len(rows)
    parts = _frame(people_axis, "people reported", cases_axis, "cases")
    label_every = max(1, math.ceil(len(rows) / 12))
    for i, r in enumerate(rows):
        x = LEFT + i * step
        h = plot_h * r.cases / cases_max
        parts.append(
            f'<rect class="bar" data-month="{r.month}" data-cases="{r.cases}" '
            f'data-low="{r.low}" data-high="{r.high}" x="{x + step * 0.15:.1f}" '
            f'y="{TOP + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}">'
            f'<title>{r.month}: {r.cases} cases, {r.low}–{r.high} people</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text class="tick" x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle">{r.month}</text>')

    def y(v: int) -> float:
        return TOP + plot_h - plot_h * v / people_max

    xs = [LEFT + (i + 0.5) * step for i in range(len(rows))]
    upper = [f"{x:.1f},{y(max(r.high, r.low)):.1f}" for x, r in zip(xs, rows, strict=True)]
    lower = [f"{x:.1f},{y(r.low):.1f}" for x, r in zip(xs, rows, strict=True)]
    parts.append(f'<polygon class="band" points="{" ".join(upper + lower[::-1])}"/>')
    parts.append(f'<polyline class="line-low" points="{" ".join(lower)}"/>')
    parts.append(f'<polyline class="line-high" points="{" ".join(upper)}"/>')
    return _svg(parts, "People reported per month (band: low to high) and cases per month",
                "timeline")


def _measure_label(measure: str) -> str:
    return measure.replace("_", " ")


def _figures_panel(kind: str, series: dict[SeriesKey, list[FigurePoint]],
                   colors: dict[str, str], first: date, last: date) -> str:
    """One SVG: the figures of one kind of period, a line per measure."""
    points = [p for ps in series.values() for p in ps]
    span_days = max(1, (last - first).days)
    value_axis = axis(max(max(p.low or 0, p.high or 0) for p in points))
    y_max = value_axis[0]
    plot_h, plot_w = PANEL_HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    parts = _frame(value_axis, "value", None, "", height=PANEL_HEIGHT)
    joined = kind != NO_PERIOD  # figures at their publication dates are not a series

    def x(d: date) -> float:
        return LEFT + 10 + (plot_w - 20) * (d - first).days / span_days

    def y(v: int) -> float:
        return TOP + plot_h - plot_h * v / y_max

    for i, day in enumerate((first, last) if first != last else (first,)):
        anchor = "start" if i == 0 else "end"
        parts.append(f'<text class="tick" x="{x(day):.1f}" y="{PANEL_HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="{anchor}">{day.isoformat()}</text>')
    for n, (key, ps) in enumerate(sorted(series.items())):
        color = colors[key.measure]
        parts.append(f'<g class="series" data-measure="{escape(key.measure)}" '
                     f'data-period="{escape(key.period)}" fill="{color}" stroke="{color}">')
        ps = sorted(ps, key=lambda p: p.day)
        line = [f"{x(p.day):.1f},{y(p.low if p.low is not None else p.high or 0):.1f}"
                for p in ps]
        if joined and len(line) > 1:
            parts.append(f'<polyline class="trend" fill="none" points="{" ".join(line)}"/>')
        for p in ps:
            lo = p.low if p.low is not None else p.high or 0
            if p.high is not None and p.high != lo:
                parts.append(f'<line class="range" x1="{x(p.day):.1f}" x2="{x(p.day):.1f}" '
                             f'y1="{y(lo):.1f}" y2="{y(p.high):.1f}"/>')
            parts.append(f'<circle class="point" data-value="{lo}" cx="{x(p.day):.1f}" '
                         f'cy="{y(lo):.1f}" r="4"><title>{escape(p.label)}</title></circle>')
        parts.append("</g>")
        parts.append(f'<text class="legend" x="{LEFT + 8 + 140 * n}" y="{PANEL_HEIGHT - 8}" '
                     f'style="fill: {color}">● {escape(_measure_label(key.measure))}</text>')
    caption = kind_caption(kind)
    return (f'<figure class="chart-box" data-period="{escape(kind)}">'
            f'<figcaption>{escape(caption)}</figcaption>'
            + str(_svg(parts, f"Reported figures: {caption.lower()}", "figures",
                       height=PANEL_HEIGHT)) + "</figure>")


def figures_svg(series: dict[SeriesKey, list[FigurePoint]]) -> Markup:
    """The reported figures, one panel per kind of period and in it one line per measure.

    Figures of different periods (34 in a day, 700 in a month, 7,400 since 2022)
    are never joined: each panel has its own value axis, and all share the time
    axis. A measure keeps its colour across panels.
    """
    points = [p for ps in series.values() for p in ps]
    if not points:
        return Markup('<p class="empty">No figures yet.</p>')
    first, last = min(p.day for p in points), max(p.day for p in points)
    measures = sorted({k.measure for k in series})
    colors = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(measures)}
    panels = []
    for kind in sorted({k.period for k in series}, key=kind_order):
        panels.append(_figures_panel(kind, {k: v for k, v in series.items() if k.period == kind},
                                     colors, first, last))
    return Markup("".join(panels))
