"""Template helpers of insights: chart SVG and numbers in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from sanxin.insights.interfaces.charts import Chart
from sanxin.insights.interfaces.report_text import num

register = template.Library()


@register.filter
def chart_svg(chart: Chart) -> str:
    """The chart as inline SVG: built by reportlab and re-serialised (text escaped, no style
    attributes, no script), so it is safe to insert."""
    return mark_safe(chart.svg())  # noqa: S308 - serialised by ElementTree, escaped


@register.filter
def figure(value, places=None):
    """A number with grouping in the active language (Decimals to ``places``, default exact)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if places is None and isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        places = max(0, min(3, -exponent)) if isinstance(exponent, int) else 0
    return num(value, places or 0)


@register.filter
def options(form, name: str):
    """``{% for group, options in form|options:"region" %}``: a select's choices to loop."""
    return form.options(name)


@register.filter
def field(form, name: str):
    """``form|field:name``: the bound field called ``name``."""
    return form[name]
