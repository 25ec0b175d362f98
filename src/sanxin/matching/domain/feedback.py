"""Interested / not interested: what people say about a recommendation.

The answer changes the ranking at once: "interested" raises the record (and adds a
reason), "not interested" sends it to the bottom, for everyone of the same organization
(or, for a project's partners, for the whole project team).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.access import (
    viewer_for,
    visible_offers,
    visible_organizations,
)
from sanxin.events.domain.access import event_viewer, visible_registrations
from sanxin.matching.domain.access import acts_for_organization, can_build_consortium
from sanxin.matching.domain.records import parse_key
from sanxin.matching.models import Feedback
from sanxin.projects.domain.access import visible_projects


def _bad(field: str) -> ValidationError:
    return ValidationError({field: _("This recommendation is not known. Reload the page.")})


def _check_subject(actor: Any, subject: str) -> int | None:
    """The organization on whose behalf the actor answers; PermissionDenied if they may not."""
    viewer = viewer_for(actor)
    try:
        prefix, pk, role = parse_key(subject)
    except ValueError:
        raise _bad("subject") from None
    if role or prefix not in ("o", "p"):
        raise _bad("subject")
    if prefix == "o":
        if not acts_for_organization(viewer, pk):
            raise PermissionDenied
        return pk
    project = visible_projects(viewer).filter(pk=pk).first()
    if project is None:
        raise _bad("subject")
    if not can_build_consortium(viewer, project):
        raise PermissionDenied
    return viewer.org_id


def _check_target(actor: Any, target: str) -> None:
    viewer = viewer_for(actor)
    try:
        prefix, pk, _role = parse_key(target)
    except ValueError:
        raise _bad("target") from None
    visible = {
        "o": lambda: visible_organizations(viewer),
        "p": lambda: visible_projects(viewer),
        "f": lambda: visible_offers(viewer),
        "r": lambda: visible_registrations(event_viewer(actor)),
    }[prefix]()
    if not visible.filter(pk=pk).exists():
        raise _bad("target")


@transaction.atomic
def record_feedback(*, actor: Any, subject: str, target: str, interested: bool) -> Feedback:
    """Save the actor's answer about ``target`` recommended for ``subject`` (replacing an
    earlier one)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    org_id = _check_subject(actor, subject)
    _check_target(actor, target)
    row = (
        Feedback.objects.select_for_update(of=("self",))
        .filter(person=actor, subject=subject, target=target)
        .first()
    )
    old = None if row is None else {"interested": row.interested}
    if row is None:
        row = Feedback(person=actor, subject=subject, target=target)
    row.interested = interested
    row.organization_id = org_id
    row.save()
    log_action(
        "sanxin.matching.feedback",
        actor=actor,
        obj=row,
        old=old,
        new={"subject": subject, "target": target, "interested": interested},
    )
    return row
