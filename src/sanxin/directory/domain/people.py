"""People and their personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.models import ApiToken
from sanxin.common.models.tokens import hash_token
from sanxin.directory.domain.access import can_edit_organization
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Organization, Person

TOKEN_PREFIX = "sx_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def create_person(
    *,
    actor: Any,
    username: str,
    password: str | None,
    organization: Organization | None,
    role: str = PersonRole.MEMBER,
    email: str = "",
    display_name: str = "",
    language: str = "en",
    is_superuser: bool = False,
) -> Person:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(
            viewer.is_admin
            or (organization is not None and can_edit_organization(viewer, organization))
        )
        if role == PersonRole.SECRETARIAT or is_superuser:
            require(viewer.is_admin)
    if role not in PersonRole.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    person = Person(
        username=username,
        email=email,
        display_name=display_name,
        organization=organization,
        role=role,
        language=language,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    log_action(
        "sanxin.person.created",
        actor=actor,
        obj=person,
        new={"username": username, "organization": getattr(organization, "pk", None), "role": role},
    )
    return person


@transaction.atomic
def create_api_token(
    *, actor: Person, name: str, valid_days: int | None = 365
) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; the raw key is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(
        person=actor, name=name[:100], prefix=raw[:10], key_hash=hash_token(raw), expires=expires
    )
    log_action("sanxin.api_token.created", actor=actor, obj=token, new={"name": token.name})
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: Person, token: ApiToken) -> None:
    require(token.person_id == actor.pk or actor.is_superuser)
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        log_action("sanxin.api_token.revoked", actor=actor, obj=token, new={"revoked": True})


def person_for_token(raw: str) -> Person | None:
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("person")
        .filter(key_hash=hash_token(raw), revoked__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.person.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.person
