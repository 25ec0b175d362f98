"""The assumptions form: parses what people type (percent, lists of rates) into engine inputs.

It only parses; ``domain.appraisals.run_appraisal`` validates, so the form and the API give
the same errors, keyed by the same input names.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxin.appraisals.domain.appraisals import SCENARIO_MAX
from sanxin.appraisals.enums import Technology
from sanxin.appraisals.interfaces.labels import CHOICES, GROUPS, INPUT_FIELDS, holiday_code

_SEPARATORS = re.compile(r"[,;，；、\s]+")


def _percent_text(value: float) -> str:
    return _plain(float(value) * 100)


def _plain(value: float) -> str:
    """A number as an <input type=number> takes it (no grouping, '.' decimals)."""
    value = round(float(value), 10)
    return str(int(value)) if value.is_integer() else repr(value)


class RateListField(forms.Field):
    """One percentage, or one per year separated by commas: returns a float or a list."""

    max_text = 600

    def to_python(self, value):
        text = str(value or "").strip().replace("%", "")
        if not text:
            return None
        parts = [p for p in _SEPARATORS.split(text) if p]
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if not numbers or len(text) > self.max_text or not all(map(math.isfinite, numbers)):
            raise ValidationError(
                _("Enter a percentage, or percentages separated by commas."), code="invalid"
            )
        return numbers[0] if len(numbers) == 1 else numbers


class AppraisalForm(forms.Form):
    scenario = forms.CharField(
        label=gettext_lazy("Scenario"),
        max_length=SCENARIO_MAX,
        required=False,
        help_text=gettext_lazy("A short name, e.g. “Base case” or “Tariff −10 %”."),
    )

    def __init__(self, *args, technologies: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for key, spec in INPUT_FIELDS.items():
            self.fields[key] = self._field(key, spec.kind, technologies)
            self.fields[key].label = spec.label
            self.fields[key].help_text = spec.help

    @staticmethod
    def _field(key: str, kind: str, technologies: tuple[str, ...]) -> forms.Field:
        number = forms.NumberInput(attrs={"step": "any"})
        if kind == "integer":
            return forms.IntegerField(required=False)
        if kind == "rate":
            return forms.FloatField(required=False, widget=number)
        if kind == "rates":
            return RateListField(required=False)
        if kind == "choice":
            choices = list(CHOICES[key].choices)
            if key == "technology":
                choices = [(t, Technology(t).label) for t in technologies]
            return forms.ChoiceField(required=False, choices=choices)
        if kind == "text":
            return forms.CharField(required=False, max_length=40)
        return forms.FloatField(required=False, widget=number)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[f.key] for f in fields]) for title, fields in GROUPS]

    def to_inputs(self) -> dict[str, Any]:
        """The engine inputs from the cleaned data (empty fields are left out)."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key, spec in INPUT_FIELDS.items():
            value = data.get(key)
            if value is None or value == "":
                continue
            if spec.kind == "rate":
                value = value / 100.0
            elif spec.kind == "rates":
                value = self._rates(value, data.get("years"))
            elif key in ("currency", "region"):
                value = value.strip()
                value = value.upper() if key == "currency" else value
            out[key] = value
        return out

    @staticmethod
    def _rates(value: float | list[float], years: int | None) -> float | list[float]:
        if not isinstance(value, list):
            return value / 100.0
        rates = [v / 100.0 for v in value]
        if years is not None and 0 < years <= 60:  # the engine's longest life
            rates = (rates + [rates[-1]] * years)[:years]
        return rates


def initial_from(inputs: dict[str, Any]) -> dict[str, Any]:
    """Form values for engine inputs (rates as percentages, lists as text)."""
    initial: dict[str, Any] = {}
    for key, spec in INPUT_FIELDS.items():
        value = inputs.get(key)
        if value is None:
            continue
        if key == "tax_holiday":
            initial[key] = holiday_code(value)
        elif spec.kind == "rates" and isinstance(value, list | tuple):
            initial[key] = ", ".join(_percent_text(v) for v in value)
        elif spec.kind in ("rate", "rates"):
            initial[key] = _percent_text(value)
        elif spec.kind in ("number",) and isinstance(value, int | float):
            initial[key] = _plain(value)
        else:
            initial[key] = value
    return initial
