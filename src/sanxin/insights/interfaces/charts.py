"""Charts of the dashboard and the reports, drawn once with reportlab's chart package.

Each chart is a ``reportlab.graphics`` ``Drawing`` (bar charts from
``reportlab.graphics.charts``, a package installed from PyPI: no CDN, no script). The web page
shows it as inline SVG (``renderSVG``, rewritten so that it needs no inline style: the
Content-Security-Policy allows none), the PDF report draws the same ``Drawing``. Every chart
carries the numbers it draws as a table (``columns`` and ``rows``), which the page shows
beneath it and exports as CSV, and the Excel report writes as a sheet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxin.common.pdf import CJK, LATIN, is_cjk, register_fonts
from sanxin.insights.domain.figures import Figures, Row

WIDTH = 520
ROW_HEIGHT = 20
LABEL_WIDTH = 170
TOP, BOTTOM = 30, 28
BAR = "#1f4e9c"
TARGET = "#8a4b00"
#: Rows drawn in a chart (the table beneath lists them all).
MAX_BARS = 15
SVG_NS = "http://www.w3.org/2000/svg"
SVG_CACHE_SECONDS = 24 * 3600
UNIT_KEYS = {"MW": "mw", "MWh": "mwh", "GWh/yr": "gwh-yr", "t/yr": "t-yr"}

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass
class Chart:
    key: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    labels: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    value_format: str = "{:,.0f}"
    colors: list[str] = field(default_factory=list)
    note: str = ""

    @cached_property
    def drawing(self):
        return bar_drawing(self)

    @property
    def is_empty(self) -> bool:
        return not any(self.values)

    def svg(self) -> str:
        """The SVG, memoised by content: the same chart is drawn once (reportlab takes tens
        of milliseconds per chart; the figures themselves are computed on every request)."""
        from django.core.cache import cache  # noqa: PLC0415

        fingerprint = repr(
            (
                self.key,
                self.title,
                self.labels,
                [str(v) for v in self.values],
                self.colors,
                self.value_format,
            )
        )
        key = "sanxin:insights:svg:" + hashlib.sha256(fingerprint.encode()).hexdigest()
        markup = cache.get(key)
        if markup is None:
            markup = svg_markup(self.drawing, key=self.key, title=self.title)
            cache.set(key, markup, SVG_CACHE_SECONDS)
        return markup

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else v for v in row])
        return out.getvalue()


def font_for(texts: list[str]) -> str:
    """The reportlab font for labels: the Chinese one when any label has Chinese."""
    register_fonts()
    return CJK if any(is_cjk(ch) for text in texts for ch in text) else LATIN


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_drawing(chart: Chart):
    """A horizontal bar chart of ``chart.labels`` × ``chart.values`` with a title."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart  # noqa: PLC0415
    from reportlab.graphics.shapes import Drawing, String  # noqa: PLC0415
    from reportlab.lib import colors  # noqa: PLC0415

    labels = [_short(label) for label in chart.labels[:MAX_BARS]] or ["—"]
    values = [float(v) for v in chart.values[:MAX_BARS]] or [0.0]
    font = font_for([chart.title, *labels])
    height = TOP + BOTTOM + ROW_HEIGHT * len(labels)
    drawing = Drawing(WIDTH, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = LABEL_WIDTH, BOTTOM
    bars.width, bars.height = WIDTH - LABEL_WIDTH - 60, ROW_HEIGHT * len(labels)
    # reportlab draws the first category at the bottom: reverse, so the list reads top-down.
    bars.data = [list(reversed(values))]
    bars.categoryAxis.categoryNames = list(reversed(labels))
    bars.categoryAxis.labels.fontName = LATIN
    for index, label in enumerate(reversed(labels)):
        # each label in the font of its script (a Vietnamese name in a Chinese report)
        bars.categoryAxis.labels[index].fontName = font_for([label])
    bars.categoryAxis.labels.fontSize = 8
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max(values) * 1.15 if max(values) > 0 else 1
    bars.valueAxis.labels.fontName = LATIN
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"
    bars.barLabelFormat = chart.value_format.format
    bars.barLabels.fontName = LATIN
    bars.barLabels.fontSize = 7
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 3
    bars.bars.strokeColor = None
    bars.bars[0].fillColor = colors.HexColor(BAR)
    for index, color in enumerate(reversed(chart.colors[: len(labels)])):
        if color:
            bars.bars[(0, index)].fillColor = colors.HexColor(color)
    drawing.add(bars)
    drawing.add(String(0, height - 16, chart.title, fontName=font, fontSize=11))
    return drawing


_STYLE_PROPERTIES = {
    "fill",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-opacity",
    "fill-opacity",
    "font-size",
    "clip-path",
    "text-anchor",
}


def svg_markup(drawing, *, key: str, title: str) -> str:
    """The drawing as inline SVG without ``style`` attributes, ids made unique by ``key``."""
    from reportlab.graphics import renderSVG  # noqa: PLC0415

    text = renderSVG.drawToString(drawing)
    text = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", text, flags=re.DOTALL)
    # Our own renderer's output (text escaped by renderSVG), not outside input.
    root = ET.fromstring(text.strip())  # noqa: S314
    ids = {"clip": f"chart-{key}-clip", "group": f"chart-{key}-group"}
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for part in style.split(";"):
                name, _sep, value = part.partition(":")
                name, value = name.strip(), value.strip()
                if name == "font-family":
                    element.set("font-family", "sans-serif")
                elif name in _STYLE_PROPERTIES:
                    element.set(name, value)
        if element.get("id") in ids:
            element.set("id", ids[element.get("id")])
        if element.get("clip-path") == "url(#clip)":
            element.set("clip-path", f"url(#{ids['clip']})")
        if element.get("transform") == "":
            del element.attrib["transform"]
    for tag in ("title", "desc"):
        node = root.find(f"{{{SVG_NS}}}{tag}")
        if node is not None:
            root.remove(node)
    title_node = ET.Element(f"{{{SVG_NS}}}title", {"id": f"chart-{key}-title"})
    title_node.text = title
    root.insert(0, title_node)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{key}-title")
    root.set("class", "chart")
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode")


# --- the charts of a dashboard -------------------------------------------------------------


def _count_chart(key: str, title: str, first_column: str, rows: list[Row]) -> Chart:
    return Chart(
        key=key,
        title=title,
        columns=[first_column, _("Projects")],
        rows=[[r.label, r.value] for r in rows],
        labels=[r.label for r in rows],
        values=[r.value for r in rows],
    )


def _decimal_str(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def capacity_chart(series) -> Chart:
    unit = series.label
    return Chart(
        key=f"capacity-{UNIT_KEYS.get(series.unit, 'other')}",
        title=_("Capacity by stage (%(unit)s)") % {"unit": unit},
        columns=[_("Stage"), _("Capacity (%(unit)s)") % {"unit": unit}],
        rows=[[r.label, r.value] for r in series.rows] + [[pgettext("sum", "Total"), series.total]],
        labels=[r.label for r in series.rows],
        values=[r.value for r in series.rows],
        value_format="{:,.1f}",
    )


def investment_chart(figures: Figures) -> Chart:
    inv = figures.investment
    currencies = sorted(inv.by_currency)
    columns = [
        _("Stage"),
        _("Investment (%(currency)s, converted)") % {"currency": inv.currency},
        *[_("Investment in %(currency)s") % {"currency": c} for c in currencies],
    ]
    rows = [[m.label, m.cny, *[m.by_currency.get(c) for c in currencies]] for m in inv.rows]
    rows.append(
        [pgettext("sum", "Total"), inv.total_cny, *[inv.by_currency[c] for c in currencies]]
    )
    note = ""
    if inv.missing_rates:
        note = _("No exchange rate for: %(currencies)s; those amounts are left out.") % {
            "currencies": ", ".join(inv.missing_rates)
        }
    return Chart(
        key="investment",
        title=_("Investment by stage (million %(currency)s)") % {"currency": inv.currency},
        columns=columns,
        rows=rows,
        labels=[m.label for m in inv.rows],
        values=[m.cny / Decimal(1_000_000) for m in inv.rows],
        value_format="{:,.1f}",
        note=note,
    )


def carbon_chart(figures: Figures) -> Chart:
    carbon = figures.carbon
    rows = [[_("Avoided per year (latest appraisals)"), carbon.tco2_per_year]]
    labels = [_("Avoided")]
    values = [carbon.tco2_per_year]
    colors = [BAR]
    if carbon.target is not None:
        rows.append([_("Target for %(year)s") % {"year": carbon.target_year}, carbon.target])
        labels.append(_("Target"))
        values.append(carbon.target)
        colors.append(TARGET)
    return Chart(
        key="carbon",
        title=_("tCO2 avoided per year against the target"),
        columns=[_("Figure"), _("tCO2 per year")],
        rows=rows,
        labels=labels,
        values=values,
        colors=colors,
    )


def exact(value) -> int | Decimal:
    """A ratio's numerator or denominator (a Fraction): counts as int, money to the cent."""
    if value.denominator == 1:
        return int(value.numerator)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def landing_chart(figures: Figures) -> Chart:
    ratios = list(figures.landing)
    return Chart(
        key="landing",
        title=_("Landing ratios (%)"),
        columns=[_("Ratio"), _("Per cent"), _("Numerator"), _("Denominator")],
        rows=[[r.name, r.percent, exact(r.numerator), exact(r.denominator)] for r in ratios],
        labels=[r.name for r in ratios],
        values=[r.percent or 0 for r in ratios],
        value_format="{:,.1f}",
    )


def stage_chart(figures: Figures) -> Chart:
    return _count_chart("stage", _("Projects by stage"), _("Stage"), figures.by_stage)


def type_chart(figures: Figures) -> Chart:
    return _count_chart("type", _("Projects by type"), _("Type"), figures.by_type)


def region_chart(figures: Figures) -> Chart:
    return _count_chart(
        "region", _("Projects by province or country"), _("Region"), figures.by_region
    )


#: The charts other than capacity (one per unit), by key.
BUILDERS = {
    "stage": stage_chart,
    "type": type_chart,
    "region": region_chart,
    "investment": investment_chart,
    "carbon": carbon_chart,
    "landing": landing_chart,
}


def dashboard_charts(figures: Figures) -> list[Chart]:
    """Every chart of the dashboard, in page order."""
    return [
        stage_chart(figures),
        type_chart(figures),
        region_chart(figures),
        *[capacity_chart(series) for series in figures.capacity],
        investment_chart(figures),
        carbon_chart(figures),
        landing_chart(figures),
    ]


def chart_for(figures: Figures, key: str) -> Chart | None:
    """One chart by key, computing only the figures it needs (None: no such chart)."""
    if key in BUILDERS:
        return BUILDERS[key](figures)
    if key.startswith("capacity-"):
        return next((c for c in map(capacity_chart, figures.capacity) if c.key == key), None)
    return None
