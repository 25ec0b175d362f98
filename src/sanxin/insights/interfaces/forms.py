"""Forms of insights: they parse input; the domain validates (same errors as the API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized
from sanxin.insights.domain.scope import COUNTRIES, alliance_events, region_choices
from sanxin.insights.enums import ReportFormat, ReportLanguage


class DateInput(forms.DateInput):
    input_type = "date"


def _country_label(code: str) -> str:
    from sanxin.common.templatetags.sanxin import country_name  # noqa: PLC0415

    return country_name(code)


class ScopeForm(forms.Form):
    """The dashboard's filters (GET)."""

    alliance = forms.ChoiceField(label=_("Alliance"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    event = forms.TypedChoiceField(label=_("Event"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, viewer, alliance, alliances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [(a.slug, a.name) for a in alliances]
        self.fields["alliance"].initial = alliance.slug
        if len(alliances) < 2:
            self.fields["alliance"].widget = forms.HiddenInput()
        regions = [("", _("Whole alliance"))]
        regions += [(code, _country_label(code)) for code in COUNTRIES]
        provinces = list(region_choices())
        for country in COUNTRIES:
            group = [(r.code, localized(r, "name")) for r in provinces if r.country == country]
            regions.append((_country_label(country), group))
        self.fields["region"].choices = regions
        self.fields["event"].choices = [("", _("All events"))] + [
            (e.pk, f"{e.title} ({e.start_date:%Y-%m-%d})")
            for e in alliance_events(viewer, alliance)[:200]
        ]

    def options(self, name: str) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """The choices of a select as (group label, [(value, label, selected)]) — the page
        renders them in a loop (Django's Select widget renders a template per option)."""
        current = str(self[name].value() if self[name].value() is not None else "")
        groups: list[tuple[str, list[tuple[str, str, bool]]]] = [("", [])]
        for value, label in self.fields[name].choices:
            if isinstance(label, list | tuple):
                groups.append(
                    (str(value), [(str(v), str(lab), str(v) == current) for v, lab in label])
                )
            else:
                groups[0][1].append((str(value), str(label), str(value) == current))
        return groups


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    tco2_per_year = forms.CharField(
        label=_("Target: tonnes of CO2 avoided per year"),
        max_length=30,
        help_text=_(
            "The sum of the latest appraisals of the alliance's projects is measured against it."
        ),
    )


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    file_format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
