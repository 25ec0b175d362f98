"""Forms of the projects UI; they only parse input — the domain validates and saves."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxin.common.forms import DomainValidated
from sanxin.directory.interfaces.forms import COUNTRY_CHOICES, RegionChoiceField, apply_errors
from sanxin.directory.models import Alliance, Organization, Person, Region
from sanxin.projects.domain.milestones import MILESTONE_FIELDS
from sanxin.projects.domain.phases import PHASE_FIELDS
from sanxin.projects.enums import (
    PIPELINE,
    ConsortiumRoleType,
    ConsortiumStatus,
    Currency,
    DocumentAudience,
    FundingEntryKind,
    FundingKind,
    Stage,
)
from sanxin.projects.models import FollowUp, Milestone, Phase, Project

__all__ = ["apply_errors"]

DATE = {"type": "date"}


class ProjectForm(DomainValidated, forms.ModelForm):
    country = forms.ChoiceField(label=_("Host country"), choices=COUNTRY_CHOICES)
    province = RegionChoiceField(
        label=_("Province"),
        queryset=Region.objects.select_related("successor"),
        required=False,
        help_text=_("For Vietnam, choose one of the 34 provinces since July 2025 if you can."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Leave empty when the owner is still to be determined."),
    )
    alliance = forms.ModelChoiceField(
        label=_("Alliance"), queryset=Alliance.objects.none(), required=False
    )
    #: The version the editor loaded (optimistic locking); not a project field.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = (
            "title_zh",
            "title_en",
            "title_vi",
            "description_zh",
            "description_en",
            "description_vi",
            "project_type",
            "country",
            "province",
            "city",
            "latitude",
            "longitude",
            "capacity",
            "capacity_unit",
            "investment",
            "currency",
            "owner",
            "alliance",
            "confidentiality",
            "origin",
        )
        widgets = {
            f"description_{lang}": forms.Textarea(attrs={"rows": 4}) for lang in ("en", "zh", "vi")
        }

    def __init__(self, *args, organizations=None, alliances=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["owner"].queryset = organizations
        if alliances is not None:
            self.fields["alliance"].queryset = alliances
        if "version" in self.fields and self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def show_current_version(self, version: int) -> None:
        """After a conflict: keep what the user typed, but a second save now overrides."""
        self.data = self.data.copy()
        self.data["version"] = str(version)

    def data_for_domain(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class NewProjectForm(ProjectForm):
    """Creating a project: it may be recorded late, already in a later stage."""

    version = None  # a new project has no version to check yet

    stage = forms.ChoiceField(
        label=_("Current stage"),
        choices=[(s, Stage(s).label) for s in PIPELINE],
        initial=Stage.IDEA,
    )
    stage_since = forms.DateField(
        label=_("In this stage since"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Leave empty for today."),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    on = forms.DateField(
        label=pgettext_lazy("date of a stage change", "On"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class PhaseForm(DomainValidated, forms.ModelForm):
    number = forms.IntegerField(
        label=_("Phase number"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("Leave empty for the next number."),
    )

    class Meta:
        model = Phase
        fields = tuple(f for f in PHASE_FIELDS if f != "external_ids")
        widgets = {
            f: forms.DateInput(attrs=DATE)
            for f in ("start_planned", "start_actual", "operation_planned", "operation_actual")
        }


class MilestoneForm(DomainValidated, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        widgets = {
            "planned": forms.DateInput(attrs=DATE),
            "actual": forms.DateInput(attrs=DATE),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(project=project)


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=ConsortiumRoleType.choices)
    share = forms.DecimalField(
        label=_("Share (%)"), max_digits=5, decimal_places=2, min_value=0, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class FundingForm(forms.Form):
    """An amount committed or arrived, from an existing source or a new one."""

    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=None,
        required=False,
        help_text=_("Or name a new source below."),
    )
    new_source = forms.CharField(label=_("New source"), max_length=200, required=False)
    new_source_organization = forms.ModelChoiceField(
        label=_("Organization of the new source"),
        queryset=Organization.objects.none(),
        required=False,
    )
    source_kind = forms.ChoiceField(
        label=_("Kind of funding"), choices=FundingKind.choices, initial=FundingKind.EQUITY
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    kind = forms.ChoiceField(label=_("Committed or arrived"), choices=FundingEntryKind.choices)
    amount = forms.DecimalField(label=_("Amount"), max_digits=20, decimal_places=2)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, sources, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["new_source_organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if (
            not data.get("source")
            and not data.get("new_source")
            and not data.get("new_source_organization")
        ):
            self.add_error("source", _("Choose a source, or name a new one."))
        return data


class FollowUpForm(DomainValidated, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ("title", "details", "owner", "due", "status")
        widgets = {"due": forms.DateInput(attrs=DATE), "details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    audience = forms.ChoiceField(
        label=_("Who can open it"), choices=DocumentAudience.choices, initial=DocumentAudience.TEAM
    )
    milestone = forms.ModelChoiceField(
        label=_("Evidence for milestone"), queryset=Milestone.objects.none(), required=False
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(project=project)


def people_choices(project: Project, actor) -> QuerySet[Person]:
    """People who could own a follow-up: the owner's and confirmed partners' people, and me."""
    orgs = project.consortium.filter(status=ConsortiumStatus.CONFIRMED).values("organization_id")
    cond = Q(organization_id__in=orgs) | Q(pk=actor.pk)
    if project.owner_id is not None:
        cond |= Q(organization_id=project.owner_id)
    return Person.objects.filter(cond, is_active=True).order_by("username")
