"""Input and output schemas of the projects API.

Outputs carry every per-language field plus the value in the request's language (``title``).
Inputs take enum values as plain strings (the domain validates them, so errors come back
translated); the OpenAPI schema still lists the allowed values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from sanxin.common.enums import Confidentiality
from sanxin.directory.api_schemas import AllianceRef, OrgRef, RegionRef, _enum, check_choices
from sanxin.directory.models import Person, Region
from sanxin.projects.data.sources import attribution
from sanxin.projects.enums import (
    CapacityUnit,
    ConsortiumRoleType,
    Currency,
    FollowUpStatus,
    FundingEntryKind,
    FundingKind,
    MilestoneStatus,
    ProjectType,
    Stage,
)

__all__ = ["check_choices"]

# --- outputs ------------------------------------------------------------------------------


class PhaseOut(Schema):
    id: int
    number: int
    name: str
    name_en: str
    name_zh: str
    name_vi: str
    capacity: Decimal | None = None
    capacity_unit: str
    investment: Decimal | None = None
    currency: str
    stage: str
    start_planned: dt.date | None = None
    start_actual: dt.date | None = None
    operation_planned: dt.date | None = None
    operation_actual: dt.date | None = None


class MilestoneOut(Schema):
    id: int
    phase: int | None = Field(None, description="The phase's id.")
    title: str
    title_en: str
    title_zh: str
    title_vi: str
    planned: dt.date
    actual: dt.date | None = None
    status: str
    evidence: str
    is_overdue: bool

    @staticmethod
    def resolve_phase(obj) -> int | None:
        return obj.phase_id


class ConsortiumOut(Schema):
    id: int
    organization: OrgRef
    role: str
    status: str
    share: Decimal | None = None
    note: str
    invited_on: dt.date | None = None
    responded_on: dt.date | None = None


class FundingEntryOut(Schema):
    id: int
    kind: str
    amount: Decimal
    on: dt.date
    note: str


def _sum(source, kind: str) -> Decimal:
    return sum((e.amount for e in source.entries.all() if e.kind == kind), Decimal(0))


class FundingSourceOut(Schema):
    id: int
    label: str
    organization: OrgRef | None = None
    kind: str
    currency: str
    committed: Decimal
    arrived: Decimal
    entries: list[FundingEntryOut]

    @staticmethod
    def resolve_committed(obj) -> Decimal:
        return _sum(obj, FundingEntryKind.COMMITTED)

    @staticmethod
    def resolve_arrived(obj) -> Decimal:
        return _sum(obj, FundingEntryKind.ARRIVED)

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.all())


class PersonRef(Schema):
    username: str
    display_name: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return str(obj)


class FollowUpOut(Schema):
    id: int
    project: int
    title: str
    details: str
    owner: PersonRef
    due: dt.date
    status: str
    done_on: dt.date | None = None
    is_overdue: bool

    @staticmethod
    def resolve_project(obj) -> int:
        return obj.project_id


class DocumentIn(Schema):
    title: str = Field("", max_length=300)
    audience: str = "team"
    milestone: int | None = None


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int
    audience: str
    milestone: int | None = None
    uploaded: dt.datetime
    download_url: str

    @staticmethod
    def resolve_milestone(obj) -> int | None:
        return obj.milestone_id

    @staticmethod
    def resolve_download_url(obj) -> str:
        from django.urls import reverse  # noqa: PLC0415

        return reverse("document_download", args=[obj.pk])


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    on: dt.date
    note: str


class ProjectOut(Schema):
    id: int
    title: str
    title_en: str
    title_zh: str
    title_vi: str
    project_type: str
    country: str
    province: RegionRef | None = None
    city: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: Decimal | None = None
    capacity_unit: str
    investment: Decimal | None = None
    currency: str
    owner: OrgRef | None = None
    alliance: AllianceRef | None = None
    confidentiality: str
    origin: str
    stage: str
    stage_since: dt.date | None = None
    furthest_stage: str
    resume_stage: str
    source: str
    source_dataset: str = Field(description="The citation of the open data set it came from.")
    attribution: str | None = Field(
        None, description="Credit line to show with imported data (CC BY 4.0); null if manual."
    )
    overdue_milestones: int
    is_demo: bool
    created: dt.datetime
    updated: dt.datetime

    @staticmethod
    def resolve_attribution(obj) -> str | None:
        return attribution(obj.source, obj.source_dataset)

    @staticmethod
    def resolve_overdue_milestones(obj) -> int:
        count = getattr(obj, "overdue_milestones", None)
        if count is not None:
            return count
        today = timezone.localdate()
        return sum(1 for m in obj.milestones.all() if m.overdue_on(today))


class ProjectDetail(ProjectOut):
    description: str
    description_en: str
    description_zh: str
    description_vi: str
    external_ids: dict[str, Any]
    can_edit: bool
    allowed_stages: list[str] = Field(description="Stages the caller may move the project to now.")
    phases: list[PhaseOut]
    milestones: list[MilestoneOut]
    consortium: list[ConsortiumOut]
    funding: list[FundingSourceOut]
    stage_changes: list[StageChangeOut]
    version: int = Field(
        description="Send it back with a change (PATCH): a change saved meanwhile → 409."
    )

    @staticmethod
    def resolve_phases(obj) -> list:
        return list(obj.phases.all())

    @staticmethod
    def resolve_milestones(obj) -> list:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_consortium(obj) -> list:
        return list(getattr(obj, "visible_consortium", []))

    @staticmethod
    def resolve_funding(obj) -> list:
        return list(obj.funding_sources.all())

    @staticmethod
    def resolve_stage_changes(obj) -> list:
        return list(obj.stage_changes.all())


class LandingRatioOut(Schema):
    key: str
    name: str
    definition: str
    numerator: str = Field(description="An exact fraction, e.g. “3” or “1/3”.")
    denominator: str
    percent: Decimal | None = Field(None, description="Rounded to one decimal; null: no base.")

    @staticmethod
    def resolve_numerator(obj) -> str:
        return str(obj.numerator)

    @staticmethod
    def resolve_denominator(obj) -> str:
        return str(obj.denominator)


class LandingOut(Schema):
    on: dt.date
    currency: str
    projects: int
    ratios: list[LandingRatioOut]
    missing_rates: list[str]


# --- inputs -------------------------------------------------------------------------------


class ProjectIn(Schema):
    """Create: a title and the country at least. Update: only what changes."""

    title_en: str | None = None
    title_zh: str | None = None
    title_vi: str | None = None
    description_en: str | None = None
    description_zh: str | None = None
    description_vi: str | None = None
    project_type: str | None = _enum(ProjectType)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. CN or VN.")
    province: str | None = Field(None, description="Region code, e.g. CN-SC or VN-01.")
    city: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: Decimal | None = None
    capacity_unit: str | None = _enum(CapacityUnit)
    investment: Decimal | None = None
    currency: str | None = _enum(Currency)
    owner: str | None = Field(None, description="Owner organization's slug; null: to be decided.")
    alliance: str | None = Field(None, description="Alliance slug.")
    confidentiality: str | None = _enum(Confidentiality)
    origin: str | None = None
    stage: str | None = Field(
        None,
        description="Create only: the stage it is in now (default idea).",
        json_schema_extra={"enum": list(Stage.values)},
    )
    stage_since: dt.date | None = Field(None, description="Create only; default today.")
    version: int | None = Field(
        None,
        description="Update: the version you read. When someone changed the project after it, "
        "the change is refused with 409 and what they changed; leave it out to overwrite.",
    )


class StageIn(Schema):
    stage: str = _enum(Stage)
    on: dt.date | None = Field(None, description="Default today; never in the future.")
    note: str = ""


class PhaseIn(Schema):
    number: int | None = None
    name_en: str | None = None
    name_zh: str | None = None
    name_vi: str | None = None
    capacity: Decimal | None = None
    capacity_unit: str | None = _enum(CapacityUnit)
    investment: Decimal | None = None
    currency: str | None = _enum(Currency)
    stage: str | None = _enum(Stage)
    start_planned: dt.date | None = None
    start_actual: dt.date | None = None
    operation_planned: dt.date | None = None
    operation_actual: dt.date | None = None


class MilestoneIn(Schema):
    phase: int | None = Field(None, description="The id of one of the project's phases.")
    title_en: str | None = None
    title_zh: str | None = None
    title_vi: str | None = None
    planned: dt.date | None = None
    actual: dt.date | None = None
    status: str | None = _enum(MilestoneStatus)
    evidence: str | None = None


class InviteIn(Schema):
    organization: str = Field(description="Slug of the invited organization.")
    role: str = _enum(ConsortiumRoleType)
    share: Decimal | None = Field(None, description="Percent, 0–100.")
    note: str = Field("", max_length=500)
    invite: bool = Field(True, description="False: only suggest the organization.")


class FundingSourceIn(Schema):
    label: str = Field("", max_length=200)
    organization: str | None = Field(None, description="Organization slug.")
    kind: str = _enum(FundingKind, FundingKind.EQUITY)
    currency: str = _enum(Currency, Currency.CNY)


class FundingEntryIn(Schema):
    kind: str = _enum(FundingEntryKind)
    amount: Decimal
    on: dt.date
    note: str = Field("", max_length=300)


class FollowUpIn(Schema):
    title: str | None = None
    details: str | None = None
    owner: str | None = Field(None, description="Username; default: you (on create).")
    due: dt.date | None = None
    status: str | None = _enum(FollowUpStatus)


class ProjectQuery(Schema):
    q: str = Field("", max_length=200, description="Words in any language's title or text.")
    type: str = _enum(ProjectType, "")
    stage: str = _enum(Stage, "")
    country: str = ""
    province: str = Field("", description="Region code; a 2025 province includes its parts.")
    alliance: str = Field("", description="Alliance slug.")
    owner: str = Field("", description="Owner organization's slug.")
    overdue: bool = Field(False, description="Only projects with overdue milestones.")


# --- from request to domain data -----------------------------------------------------------

TEXT_NULLABLE = (
    "province",
    "latitude",
    "longitude",
    "capacity",
    "investment",
    "owner",
    "alliance",
    "phase",
    "actual",
    "start_planned",
    "start_actual",
    "operation_planned",
    "operation_actual",
    "number",
    "planned",
    "due",
)


def blank_nulls(data: dict) -> None:
    """A ``null`` sent for a text field clears it (text fields are stored blank, never NULL)."""
    for key, value in data.items():
        if value is None and key not in TEXT_NULLABLE:
            data[key] = ""


def project_data(payload: ProjectIn, *, organizations, alliances) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data.pop("version", None)  # checked by the domain, not a field to set
    blank_nulls(data)
    errors: dict[str, list[str]] = {}
    if data.get("country"):
        data["country"] = data["country"].upper()
        if pycountry.countries.get(alpha_2=data["country"]) is None:
            errors["country"] = [_("Unknown country code. Use a two-letter code like CN or VN.")]
    if "province" in data:
        code, data["province"] = data["province"], None
        if code:
            data["province"] = Region.objects.filter(code=code).first()
            if data["province"] is None:
                errors["province"] = [_("Unknown province code: %(code)s.") % {"code": code}]
    for key, queryset in (("owner", organizations), ("alliance", alliances)):
        if key in data:
            slug, data[key] = data[key], None
            if slug:
                data[key] = queryset.filter(slug=slug).first()
                if data[key] is None:
                    errors[key] = [_("Nothing with the short code “%(slug)s”.") % {"slug": slug}]
    if errors:
        raise ValidationError(errors)
    return data


def follow_up_data(payload: FollowUpIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    blank_nulls(data)
    if "owner" in data:
        username = data["owner"]
        data["owner"] = Person.objects.filter(username=username, is_active=True).first()
        if data["owner"] is None:
            raise ValidationError(
                {"owner": [_("No person with the user name “%(name)s”.") % {"name": username}]}
            )
    return data
