"""Server-drawn charts: the geometry of inline SVG (no script, no chart library, no CDN).

Each chart comes with the numbers it draws, and the page shows them as a table beneath it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sanxin.appraisals.interfaces.labels import trim
from sanxin.appraisals.interfaces.present import cash_flow_rows
from sanxin.appraisals.models import Appraisal

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 16, 36
POSITIVE, NEGATIVE, LINE, LOW, HIGH = "#0b5d3b", "#a3161b", "#1f4e9c", "#8a4b00", "#1f4e9c"

TORNADO_LABEL_WIDTH = 180
TORNADO_ROW = 30


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    line: str = ""
    zero: float = 0.0
    unit: str = ""


def scale_unit(largest: float, currency: str) -> tuple[float, str]:
    """Divisor and axis title for amounts up to ``largest`` (in ``currency``)."""
    if largest >= 1e9:
        return 1e9, _("%(currency)s billion") % {"currency": currency}
    if largest >= 1e6:
        return 1e6, _("%(currency)s million") % {"currency": currency}
    if largest >= 1e3:
        return 1e3, _("%(currency)s thousand") % {"currency": currency}
    return 1.0, currency


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def cash_flow_chart(appraisal: Appraisal) -> Chart:
    """Bars: project cash flow after tax each year; line: its running total."""
    rows = cash_flow_rows(appraisal)
    flows = [row["project_aftertax"] for row in rows]
    totals = [row["cumulative"] for row in rows]
    everything = [*flows, *totals, 0.0]
    divisor, unit = scale_unit(max(abs(v) for v in everything), appraisal.currency)
    ticks = nice_ticks(min(everything) / divisor, max(everything) / divisor)
    low, high = ticks[0] * divisor, ticks[-1] * divisor
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * plot_h, 1)

    step = plot_w / max(len(rows), 1)
    chart = Chart(zero=y(0.0), unit=unit)
    points = []
    label_every = max(1, math.ceil(len(rows) / 15))
    for index, row in enumerate(rows):
        x = LEFT + index * step
        top, bottom = sorted((y(row["project_aftertax"]), y(0.0)))
        chart.bars.append(
            {
                "x": round(x + step * 0.15, 1),
                "y": top,
                "w": round(step * 0.7, 1),
                "h": round(max(bottom - top, 0.5), 1),
                "fill": POSITIVE if row["project_aftertax"] >= 0 else NEGATIVE,
            }
        )
        points.append(f"{round(x + step / 2, 1)},{y(row['cumulative'])}")
        if index % label_every == 0:
            chart.labels.append({"x": round(x + step / 2, 1), "text": str(row["year"])})
    chart.line = " ".join(points)
    chart.ticks = [{"y": y(t * divisor), "text": _tick(t)} for t in ticks]
    return chart


def _tick(value: float) -> str:
    return trim(value)


def tornado_chart(appraisal: Appraisal, labels: dict[str, str]) -> Chart | None:
    """Bars from the base value to the metric at each input's low and high value."""
    data = appraisal.tornado or {}
    bars = data.get("bars") or []
    if not bars:
        return None
    base = float(data["base"])
    values = [base] + [b[k] for b in bars for k in ("metric_low", "metric_high")]
    spread = max(abs(v - base) for v in values) or 1.0
    divisor, unit = scale_unit(max(abs(v) for v in values), appraisal.currency)
    ticks = nice_ticks((base - spread) / divisor, (base + spread) / divisor, 4)
    low, high = ticks[0] * divisor, ticks[-1] * divisor
    plot_w = WIDTH - TORNADO_LABEL_WIDTH - RIGHT
    height = TOP + len(bars) * TORNADO_ROW + BOTTOM

    def x(value: float) -> float:
        return round(TORNADO_LABEL_WIDTH + (value - low) / (high - low) * plot_w, 1)

    chart = Chart(height=height, zero=x(base), unit=unit)
    for index, bar in enumerate(bars):
        top = TOP + index * TORNADO_ROW + 5
        for key, colour in (("metric_low", LOW), ("metric_high", HIGH)):
            left, right = sorted((x(bar[key]), x(base)))
            chart.bars.append(
                {
                    "x": left,
                    "y": top,
                    "w": round(max(right - left, 0.5), 1),
                    "h": TORNADO_ROW - 10,
                    "fill": colour,
                }
            )
        chart.labels.append(
            {"y": top + (TORNADO_ROW - 10) / 2 + 4, "text": labels.get(bar["input"], bar["input"])}
        )
    chart.ticks = [{"x": x(t * divisor), "text": _tick(t)} for t in ticks]
    return chart
