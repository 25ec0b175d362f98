"""Input and output schemas of the directory API.

Outputs carry every per-language field (``name_en``, ``name_zh``, ``name_vi`` …) plus the
value in the request's language (``name``). Inputs take enum values as plain strings (the
domain validates them, so the error comes back translated); the OpenAPI schema still lists
the allowed values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from sanxin.common.credits import credit_line
from sanxin.common.enums import Confidentiality
from sanxin.directory.enums import (
    MembershipRole,
    MembershipStatus,
    OfferKind,
    OfferStatus,
    OrgType,
    RegionScheme,
)
from sanxin.directory.models import Capability, Region


def _enum(choices: type, default: Any = None, description: str = "") -> Any:
    """A string field whose allowed values show in the OpenAPI schema."""
    values = ["", *choices.values] if default == "" else list(choices.values)
    return Field(default, description=description, json_schema_extra={"enum": values})


def _codes(items) -> list[str]:
    return [item.code for item in items]


# --- outputs ------------------------------------------------------------------------------


class Named(Schema):
    name: str
    name_en: str
    name_zh: str
    name_vi: str


class RegionRef(Named):
    code: str


class RegionOut(RegionRef):
    country: str
    scheme: str
    successor: str | None = Field(None, description="For a pre-2025 province: where it merged.")

    @staticmethod
    def resolve_successor(obj) -> str | None:
        return obj.successor.code if obj.successor_id else None


class CapabilityOut(Named):
    code: str
    parent: str | None = None
    position: int

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class CapabilityNode(CapabilityOut):
    children: list[CapabilityNode] = []

    @staticmethod
    def resolve_children(obj) -> list:
        return getattr(obj, "tree_children", [])


class OrgRef(Named):
    slug: str


class AllianceRef(Named):
    slug: str


class FieldOut(Named):
    code: str


class AllianceOut(AllianceRef):
    description: str
    description_en: str
    description_zh: str
    description_vi: str
    fields: list[FieldOut]
    secretariat: OrgRef | None = None
    regions: list[str]
    confidentiality: str
    founded: dt.date | None = None

    @staticmethod
    def resolve_fields(obj) -> list:
        return list(obj.fields.all())

    @staticmethod
    def resolve_secretariat(obj):
        # Only an organization the viewer may see is named (see ``secretariat_visible``).
        return obj.secretariat if getattr(obj, "secretariat_visible", False) else None

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return _codes(obj.regions.all())


class OrgOut(OrgRef):
    short_name: str
    org_type: str
    country: str
    province: RegionRef | None = None
    segments: list[str]
    capabilities: list[str]
    website: str
    confidentiality: str
    last_confirmed: dt.date | None = None
    is_stale: bool
    is_demo: bool
    source_dataset: str = Field(
        description="The citation of the open data set an imported organization came from."
    )
    attribution: str | None = Field(
        None, description="Credit line to show with imported data (CC BY 4.0); null if entered."
    )

    @staticmethod
    def resolve_attribution(obj) -> str | None:
        return credit_line(obj.source_dataset)

    @staticmethod
    def resolve_segments(obj) -> list[str]:
        return _codes(obj.segments.all())

    @staticmethod
    def resolve_capabilities(obj) -> list[str]:
        return _codes(obj.capabilities.all())


class CapacityOut(Schema):
    value: Decimal
    unit: str
    label: str
    capability: str | None = None

    @staticmethod
    def resolve_capability(obj) -> str | None:
        return obj.capability.code if obj.capability_id else None


class ContactOut(Schema):
    name: str
    title: str
    email: str
    phone: str


class OrgMembershipOut(Schema):
    id: int
    alliance: AllianceRef
    role: str
    status: str
    since: dt.date | None = None


class OrgDetail(OrgOut):
    situation: str
    situation_en: str
    situation_zh: str
    situation_vi: str
    advantages: str
    advantages_en: str
    advantages_zh: str
    advantages_vi: str
    ideas: str
    ideas_en: str
    ideas_zh: str
    ideas_vi: str
    email: str
    phone: str
    capacities: list[CapacityOut]
    contacts: list[ContactOut]
    memberships: list[OrgMembershipOut]
    created: dt.datetime
    updated: dt.datetime
    version: int = Field(description="Send it back with a change: a save made meanwhile → 409.")

    @staticmethod
    def resolve_capacities(obj) -> list:
        return list(obj.capacities.all())

    @staticmethod
    def resolve_contacts(obj) -> list:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_memberships(obj) -> list:
        # Only the memberships the viewer may see (prefetched by ``organization_page``).
        return getattr(obj, "visible_memberships", [])


class MembershipOut(Schema):
    id: int
    alliance: AllianceRef
    organization: OrgRef
    role: str
    status: str
    since: dt.date | None = None
    note: str
    updated: dt.datetime


class OfferOut(Schema):
    id: int
    kind: str
    organization: OrgRef
    title: str
    title_en: str
    title_zh: str
    title_vi: str
    text: str
    text_en: str
    text_zh: str
    text_vi: str
    capabilities: list[str]
    regions: list[str]
    valid_until: dt.date | None = None
    is_expired: bool
    status: str
    confidentiality: str
    created: dt.datetime
    updated: dt.datetime

    @staticmethod
    def resolve_capabilities(obj) -> list[str]:
        return _codes(obj.capabilities.all())

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return _codes(obj.regions.all())


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    role: str
    is_admin: bool
    language: str
    organization: OrgRef | None = None
    alliances: list[str] = Field(description="Alliances the person's organization is active in.")
    secretariat_of: list[str] = Field(description="Alliances whose secretariat the person runs.")


# --- inputs -------------------------------------------------------------------------------


class OrgIn(Schema):
    """Create: send what you know (a name and the country at least). Update: only what changes."""

    slug: str | None = Field(None, description="Create only; made from the name when left out.")
    name_en: str | None = None
    name_zh: str | None = None
    name_vi: str | None = None
    short_name: str | None = None
    org_type: str | None = _enum(OrgType)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. CN or VN.")
    province: str | None = Field(None, description="Region code, e.g. CN-SC or VN-01.")
    segments: list[str] | None = Field(None, description="Top-level capability codes.")
    capabilities: list[str] | None = Field(None, description="Capability codes.")
    situation_en: str | None = None
    situation_zh: str | None = None
    situation_vi: str | None = None
    advantages_en: str | None = None
    advantages_zh: str | None = None
    advantages_vi: str | None = None
    ideas_en: str | None = None
    ideas_zh: str | None = None
    ideas_vi: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    confidentiality: str | None = _enum(Confidentiality)
    last_confirmed: dt.date | None = None
    version: int | None = Field(
        None,
        description="Update: the version you read. When someone saved after it, the change is "
        "refused with 409 and what they changed; leave it out to overwrite.",
    )


class OfferIn(Schema):
    organization: str | None = Field(
        None, description="Create only: the posting organization's slug (default: your own)."
    )
    kind: str | None = _enum(OfferKind)
    title_en: str | None = None
    title_zh: str | None = None
    title_vi: str | None = None
    text_en: str | None = None
    text_zh: str | None = None
    text_vi: str | None = None
    capabilities: list[str] | None = Field(None, description="Capability codes.")
    regions: list[str] | None = Field(None, description="Region codes.")
    valid_until: dt.date | None = None
    status: str | None = _enum(OfferStatus)
    confidentiality: str | None = _enum(Confidentiality)


class InvitationIn(Schema):
    organization: str = Field(description="Slug of the invited organization.")
    role: str = _enum(MembershipRole, MembershipRole.MEMBER)
    note: str = Field("", max_length=300)


class ApplicationIn(Schema):
    organization: str | None = Field(None, description="Slug; default: your own organization.")
    note: str = Field("", max_length=300)


# --- filters ------------------------------------------------------------------------------


class OrgQuery(Schema):
    q: str = Field("", max_length=200, description="Words in any language's name or profile.")
    type: str = _enum(OrgType, "")
    segment: str = ""
    capability: str = Field("", description="A capability code; includes its sub-capabilities.")
    country: str = ""
    province: str = Field("", description="Region code; a 2025 province includes its parts.")
    role: str = _enum(MembershipRole, "")
    alliance: str = Field("", description="Alliance slug (active members).")
    stale: bool = False


class MembershipQuery(Schema):
    alliance: str = ""
    organization: str = ""
    status: str = _enum(MembershipStatus, "")
    role: str = _enum(MembershipRole, "")


class OfferQuery(Schema):
    q: str = Field("", max_length=200)
    kind: str = _enum(OfferKind, "")
    capability: str = ""
    region: str = ""
    organization: str = ""
    include_closed: bool = False


class RegionQuery(Schema):
    country: str = ""
    scheme: str = _enum(RegionScheme, "")


# --- from request to domain data -----------------------------------------------------------


def check_choices(**fields: tuple[str, type]) -> None:
    errors = {
        name: [
            _("“%(value)s” is not a valid choice. Choose one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(choices.values)}
        ]
        for name, (value, choices) in fields.items()
        if value and value not in choices.values
    }
    if errors:
        raise ValidationError(errors)


def _lookup_codes(queryset, data: dict, field: str, errors: dict) -> None:
    """Replace the codes in ``data[field]`` by the objects; unknown codes are field errors."""
    codes = data[field] or []
    found = {obj.code: obj for obj in queryset.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        message = {
            "segments": _("Unknown segment code(s): %(codes)s. Use top-level capability codes."),
            "capabilities": _("Unknown capability code(s): %(codes)s."),
            "regions": _("Unknown region code(s): %(codes)s."),
        }[field]
        errors.setdefault(field, []).append(message % {"codes": ", ".join(unknown)})
    data[field] = [found[code] for code in dict.fromkeys(codes) if code in found]


def _blank_nulls(data: dict, nullable: tuple[str, ...]) -> None:
    """A ``null`` sent for a text field clears it (text fields are stored blank, never NULL)."""
    for key, value in data.items():
        if value is None and key not in nullable:
            data[key] = ""


def org_data(payload: OrgIn, *, creating: bool) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data.pop("version", None)
    errors: dict[str, list[str]] = {}
    if "slug" in data and (not creating or data["slug"] is None):
        if not creating:
            errors["slug"] = [_("The short code of an organization cannot be changed.")]
        data.pop("slug")
    _blank_nulls(data, nullable=("slug", "province", "segments", "capabilities", "last_confirmed"))
    if data.get("country"):
        data["country"] = data["country"].upper()
        if pycountry.countries.get(alpha_2=data["country"]) is None:
            errors["country"] = [_("Unknown country code. Use a two-letter code like CN or VN.")]
    if "province" in data:
        code = data["province"]
        data["province"] = None
        if code:
            data["province"] = Region.objects.filter(code=code).first()
            if data["province"] is None:
                errors["province"] = [_("Unknown province code: %(code)s.") % {"code": code}]
    if "segments" in data:
        _lookup_codes(Capability.objects.filter(parent__isnull=True), data, "segments", errors)
    if "capabilities" in data:
        _lookup_codes(Capability.objects.all(), data, "capabilities", errors)
    if errors:
        raise ValidationError(errors)
    return data


def offer_data(payload: OfferIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data.pop("organization", None)
    _blank_nulls(data, nullable=("capabilities", "regions", "valid_until"))
    errors: dict[str, list[str]] = {}
    if "capabilities" in data:
        _lookup_codes(Capability.objects.all(), data, "capabilities", errors)
    if "regions" in data:
        _lookup_codes(Region.objects.all(), data, "regions", errors)
    if errors:
        raise ValidationError(errors)
    return data
