"""Create, change, confirm and delete organizations; every change is audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.concurrency import check_version
from sanxin.common.i18n import fold, search_blob
from sanxin.directory.domain.access import can_create_organizations, can_edit_organization
from sanxin.directory.domain.common import (
    acting_viewer,
    assign,
    finish_clean,
    queue_embedding,
    require,
    set_many,
    snapshot,
)
from sanxin.directory.models import Capacity, Contact, Organization

EDITABLE_FIELDS: tuple[str, ...] = (
    "name_en",
    "name_zh",
    "name_vi",
    "short_name",
    "org_type",
    "country",
    "province",
    "segments",
    "capabilities",
    "situation_en",
    "situation_zh",
    "situation_vi",
    "advantages_en",
    "advantages_zh",
    "advantages_vi",
    "ideas_en",
    "ideas_zh",
    "ideas_vi",
    "website",
    "email",
    "phone",
    "logo",
    "confidentiality",
    "last_confirmed",
)
CREATE_ONLY_FIELDS: tuple[str, ...] = ("slug", "is_demo")


def clean_organization(org: Organization) -> None:
    """Validate an organization; raises ValidationError keyed by field, in the user's language."""
    errors: dict[str, list[str]] = {}
    if not (org.name_en or org.name_zh or org.name_vi):
        errors.setdefault("name_en", []).append(
            _("Give the organization a name in at least one language.")
        )
    if org.province_id is not None and org.province.country != org.country:
        errors.setdefault("province", []).append(
            _("This province is not in the chosen country. Choose a province of %(country)s.")
            % {"country": org.country}
        )
    logo = org.logo
    if logo and getattr(logo, "_committed", True) is False:
        if logo.size > settings.SANXIN_LOGO_MAX_BYTES:
            errors.setdefault("logo", []).append(
                _("The logo is too large (%(size)s MB). Upload an image of at most 2 MB.")
                % {"size": round(logo.size / 1024 / 1024, 1)}
            )
        if Path(logo.name).suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
            errors.setdefault("logo", []).append(_("Upload the logo as PNG, JPEG or WebP."))
    # The name rule is checked above with a clear message, so constraints are not re-checked.
    finish_clean(
        org,
        errors,
        exclude=["search_text", "slug"] if not org.slug else ["search_text"],
        validate_constraints=False,
    )


def refresh_search_text(org: Organization) -> None:
    org.search_text = search_blob(
        org.name_en,
        org.name_zh,
        org.name_vi,
        org.short_name,
        org.situation_en,
        org.situation_zh,
        org.situation_vi,
        org.advantages_en,
        org.advantages_zh,
        org.advantages_vi,
        org.ideas_en,
        org.ideas_zh,
        org.ideas_vi,
    )


def unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    root = slugify(fold(base))[:60] or "org"
    slug, n = root, 2
    qs = Organization.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


def _m2m(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in ("segments", "capabilities")}


@transaction.atomic
def create_organization(*, actor: Any, data: dict[str, Any]) -> Organization:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_create_organizations(viewer))
    org = Organization()
    assign(org, data, EDITABLE_FIELDS + CREATE_ONLY_FIELDS)
    if org.last_confirmed is None:
        org.last_confirmed = timezone.localdate()
    clean_organization(org)
    if not org.slug:
        org.slug = unique_slug(org.short_name or org.name_en or org.name_vi or org.name_zh)
    refresh_search_text(org)
    org.save()
    set_many(org, _m2m(data))
    log_action(
        "sanxin.organization.created",
        actor=actor,
        obj=org,
        new=snapshot(org, EDITABLE_FIELDS),
    )
    queue_embedding(org)
    return org


@transaction.atomic
def update_organization(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Organization:
    """Change the profile; with ``expected_version`` (what the editor loaded) a save made
    meanwhile by someone else raises ``EditConflictError`` instead of being overwritten."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_organization(viewer, organization))
    org = Organization.objects.select_for_update(of=("self",)).get(pk=organization.pk)
    check_version(org, expected_version)
    old = snapshot(org, EDITABLE_FIELDS)
    assign(org, data, EDITABLE_FIELDS)
    clean_organization(org)
    refresh_search_text(org)
    set_many(org, _m2m(data))
    new = snapshot(org, EDITABLE_FIELDS)
    if old != new:
        org.version += 1
        log_action(
            "sanxin.organization.changed",
            actor=actor,
            obj=org,
            old={**old, "version": org.version - 1},
            new={**new, "version": org.version},
        )
    org.save()
    queue_embedding(org)
    return org


@transaction.atomic
def confirm_profile(*, actor: Any, organization: Organization, on: dt.date | None = None) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_organization(viewer, organization))
    old = organization.last_confirmed
    organization.last_confirmed = on or timezone.localdate()
    organization.stale_reminded = None
    organization.save(update_fields=["last_confirmed", "stale_reminded", "updated"])
    log_action(
        "sanxin.organization.confirmed",
        actor=actor,
        obj=organization,
        old={"last_confirmed": old},
        new={"last_confirmed": organization.last_confirmed},
    )


@transaction.atomic
def delete_organization(*, actor: Any, organization: Organization) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(
            can_edit_organization(viewer, organization)
            and (viewer.is_admin or viewer.is_secretariat)
        )
    old = snapshot(organization, EDITABLE_FIELDS)
    blockers = []
    if organization.memberships.exists():
        blockers.append(_("it is a member of an alliance (end the membership first)"))
    if organization.people.exists():
        blockers.append(_("people belong to it"))
    if organization.offers.exists():
        blockers.append(_("it has offers or requests"))
    if blockers:
        raise ValidationError(
            _("This organization cannot be deleted: %(reasons)s.")
            % {"reasons": "; ".join(blockers)}
        )
    log_action("sanxin.organization.deleted", actor=actor, obj=organization, old=old)
    try:
        organization.delete()
    except ProtectedError as exc:
        raise ValidationError(_("This organization is still referenced elsewhere.")) from exc


def _rows_snapshot(rows) -> list[str]:
    return [str(r) for r in rows]


@transaction.atomic
def set_capacities(*, actor: Any, organization: Organization, rows: list[dict[str, Any]]) -> None:
    """Replace the organization's capacities with ``rows`` (value, unit, label, capability)."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_organization(viewer, organization))
    old = _rows_snapshot(organization.capacities.all())
    new_objs = []
    errors: list[str] = []
    for index, row in enumerate(rows, start=1):
        cap = Capacity(organization=organization, **row)
        try:
            cap.full_clean(exclude=["organization"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(
                    _("Capacity %(n)s, %(field)s: %(msg)s") % {"n": index, "field": field, "msg": m}
                    for m in messages
                )
        new_objs.append(cap)
    if errors:
        raise ValidationError({"capacities": errors})
    organization.capacities.all().delete()
    Capacity.objects.bulk_create(new_objs)
    new = _rows_snapshot(new_objs)
    if old != new:
        log_action(
            "sanxin.organization.capacities.changed",
            actor=actor,
            obj=organization,
            old={"capacities": old},
            new={"capacities": new},
        )


@transaction.atomic
def set_contacts(*, actor: Any, organization: Organization, rows: list[dict[str, Any]]) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_organization(viewer, organization))
    old = [f"{c.name} <{c.email}>" for c in organization.contacts.all()]
    objs = [Contact(organization=organization, **row) for row in rows]
    errors: list[str] = []
    for index, contact in enumerate(objs, start=1):
        try:
            contact.full_clean(exclude=["organization"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(
                    _("Contact %(n)s, %(field)s: %(msg)s") % {"n": index, "field": field, "msg": m}
                    for m in messages
                )
    if errors:
        raise ValidationError({"contacts": errors})
    organization.contacts.all().delete()
    Contact.objects.bulk_create(objs)
    new = [f"{c.name} <{c.email}>" for c in objs]
    if old != new:
        log_action(
            "sanxin.organization.contacts.changed",
            actor=actor,
            obj=organization,
            old={"contacts": old},
            new={"contacts": new},
        )
