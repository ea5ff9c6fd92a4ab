"""Geometry for the accessible SVG charts and the year wheel. Pure functions: they turn
figures into shapes; templates draw them and always give a text alternative."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WHEEL_SIZE = 360
WHEEL_CENTRE = WHEEL_SIZE / 2
OUTER, INNER, LABEL_RADIUS, DOT_RADIUS = 170.0, 110.0, 140.0, 95.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    minimum_y: float | None  # the y of a reference line (e.g. the minimum of two meetings)
    maximum: int


def bar_chart(
    rows: list[tuple[str, int]], *, minimum: int | None = None, height: int = 180, bar: int = 44
) -> BarChart:
    gap = 16
    top = max([v for _, v in rows] + [minimum or 0, 1])
    plot = height - 40  # room for labels below and values above
    bars = []
    for i, (label, value) in enumerate(rows):
        h = plot * value / top
        bars.append(
            Bar(label, value, x=gap + i * (bar + gap), y=20 + plot - h, width=bar, height=h)
        )
    width = gap + len(rows) * (bar + gap)
    minimum_y = 20 + plot - plot * minimum / top if minimum is not None else None
    return BarChart(
        bars=bars, width=max(width, 120), height=height, minimum_y=minimum_y, maximum=top
    )


def _point(angle: float, radius: float) -> tuple[float, float]:
    return (
        round(WHEEL_CENTRE + radius * math.sin(angle), 2),
        round(WHEEL_CENTRE - radius * math.cos(angle), 2),
    )


def _angle(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    days = (dt.date(day.year + 1, 1, 1) - start).days
    return 2 * math.pi * (day - start).days / days


@dataclass(frozen=True)
class Segment:
    month: int
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    kind: str
    title: str
    date: dt.date


def wheel_months(year: int) -> list[Segment]:
    """Twelve ring segments, January at the top, clockwise."""
    segments = []
    for month in range(1, 13):
        start = _angle(dt.date(year, month, 1))
        end = _angle(dt.date(year + (month == 12), month % 12 + 1, 1)) or 2 * math.pi
        ox1, oy1 = _point(start, OUTER)
        ox2, oy2 = _point(end, OUTER)
        ix1, iy1 = _point(end, INNER)
        ix2, iy2 = _point(start, INNER)
        path = (
            f"M{ox1},{oy1} A{OUTER},{OUTER} 0 0 1 {ox2},{oy2} "
            f"L{ix1},{iy1} A{INNER},{INNER} 0 0 0 {ix2},{iy2} Z"
        )
        lx, ly = _point((start + end) / 2, LABEL_RADIUS)
        segments.append(Segment(month=month, path=path, label_x=lx, label_y=ly))
    return segments


def wheel_dots(entries: list[tuple[dt.date, str, str]]) -> list[Dot]:
    """A dot per (date, kind, title) inside the ring."""
    dots = []
    for day, kind, title in entries:
        x, y = _point(_angle(day), DOT_RADIUS - (12 if kind == "milestone" else 0))
        dots.append(Dot(x=x, y=y, kind=kind, title=title, date=day))
    return dots
