"""Figure timelines as server-rendered SVG: no script, every label escaped, one chart per figure.

Dates run along x (by day), values along y from zero; the line joins the largest figure reported
on each date (several reports of one day can differ). Each point links to its article and carries
a ``<title>`` (the browser shows it on hover) with the date, the value and the words it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote

from markupsafe import Markup, escape

from sanctionwatch.store.views import Timeline, TimelinePoint

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36


def timeline_svg(timeline: Timeline, article_href: str = "/articles/") -> Markup:
    """One figure's points over time as an inline SVG element."""
    points = [p for p in timeline.points if _day(p.date) is not None]
    if not points:
        return Markup("")
    x_of = _x_scale([_day(p.date) or 0 for p in points])
    top = max(p.value for p in points) * 1.1 or 1.0
    coords = [(x_of(_day(p.date) or 0), _y(p.value, top)) for p in points]
    parts = [_frame(timeline.label, top, points[0].date, points[-1].date)]
    highest: dict[float, float] = {}
    for x, y in coords:
        highest[x] = min(y, highest.get(x, y))
    if len(highest) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in sorted(highest.items()))
        parts.append(Markup('<polyline class="line" fill="none" points="{}"/>').format(line))
    parts += [_point(p, x, y, article_href) for p, (x, y) in zip(points, coords, strict=True)]
    title = escape(timeline.label)
    head = Markup('<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-label="{}">')
    head = head.format(WIDTH, HEIGHT, title)
    return head + Markup("").join(parts) + Markup("</svg>")


def _frame(label: str, top: float, first: str, last: str) -> Markup:
    bottom_y, right_x = HEIGHT - BOTTOM, WIDTH - RIGHT
    return Markup(
        '<title>{label}</title>'
        '<line class="axis" x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>'
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>'
        '<text class="tick" x="{tx}" y="{ty}" text-anchor="end">{top}</text>'
        '<text class="tick" x="{tx}" y="{b}" text-anchor="end">0</text>'
        '<text class="tick" x="{l}" y="{dy}" text-anchor="start">{first}</text>'
        '<text class="tick" x="{r}" y="{dy}" text-anchor="end">{last}</text>'
    ).format(label=label, l=LEFT, t=TOP, b=bottom_y, r=right_x, tx=LEFT - 6, ty=TOP + 10,
             top=format_number(top / 1.1), dy=HEIGHT - 10, first=first, last=last if last != first else "")


def _point(point: TimelinePoint, x: float, y: float, article_href: str) -> Markup:
    note = f"{point.date}: {format_number(point.value)} ({point.text})"
    href = article_href + quote(point.article_id, safe="")
    return Markup(
        '<a href="{href}"><circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5"><title>{note}</title></circle></a>'
    ).format(href=href, x=x, y=y, note=note)


def _x_scale(days: list[int]) -> Callable[[int], float]:
    first, last = min(days), max(days)
    span = WIDTH - LEFT - RIGHT - 20
    if first == last:
        return lambda _day: LEFT + 10 + span / 2
    return lambda day: LEFT + 10 + span * (day - first) / (last - first)


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / top


def _day(date: str) -> int | None:
    text = date[:10]
    for size, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(text) >= size:
            try:
                return dt.date.fromisoformat(text[:size] + suffix).toordinal()
            except ValueError:
                continue
    return None


def format_number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.2f}"
