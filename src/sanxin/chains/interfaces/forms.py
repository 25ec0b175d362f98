"""Forms of the chain maps; they only parse input — the domain validates and saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxin.chains.domain.coverage import NO_REGION, RegionFilter
from sanxin.directory.enums import RegionScheme
from sanxin.directory.interfaces.forms import apply_errors
from sanxin.directory.models import Capability, Region
from sanxin.projects.enums import ProjectType

__all__ = ["LeaderForm", "NodeForm", "RegionForm", "TemplateForm", "apply_errors"]

COUNTRIES = [("", _("All countries")), ("CN", _("China")), ("VN", _("Vietnam"))]


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({obj.country})"


class RegionForm(forms.Form):
    """The region filter of a chain map (GET): a country, or a province (its code)."""

    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, required=False)
    province = RegionChoice(
        label=_("Province"),
        queryset=Region.objects.exclude(scheme=RegionScheme.VN_LEGACY).order_by(
            "country", "name_en"
        ),
        to_field_name="code",
        required=False,
        empty_label=_("All provinces"),
    )

    def region(self) -> RegionFilter:
        if not self.is_valid():
            return NO_REGION
        province = self.cleaned_data.get("province")
        return RegionFilter.of(province, self.cleaned_data.get("country") or "")


class _Names(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=200, required=False)
    project_types = forms.MultipleChoiceField(
        label=_("Project types"),
        choices=ProjectType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TemplateForm(_Names):
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_vi = forms.CharField(
        label=_("Description (Vietnamese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CapabilityChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Capability) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class NodeForm(_Names):
    stage = forms.IntegerField(
        label=_("Stage"),
        required=False,
        help_text=_("The column of the diagram, from 1 (left); empty: a new last column."),
    )
    position = forms.IntegerField(label=_("Position in the stage"), required=False, initial=0)
    capabilities = CapabilityChoice(
        label=_("Capabilities"),
        queryset=Capability.objects.select_related("parent").order_by(
            "parent__position", "position", "code"
        ),
        to_field_name="code",
        required=False,
        help_text=_("Organizations with any of these capabilities stand at this link."),
    )

    def data_for_domain(self) -> dict:
        data = dict(self.cleaned_data)
        data["capabilities"] = [c.code for c in data["capabilities"]]
        if data.get("position") is None:
            data["position"] = 0
        return data


class LeaderForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, to_field_name="slug"
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
