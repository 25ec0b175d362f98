"""Registering for an event, the participant profile, approval of guests, check-in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.events.domain.access import (
    acts_for,
    can_organise,
    can_view_event,
    event_viewer,
    is_member_of_organiser,
)
from sanxin.events.domain.common import acting, assign, finish_clean, require, snapshot
from sanxin.events.domain.notify import notify_people
from sanxin.events.domain.slots import slot_map
from sanxin.events.enums import (
    LANGUAGE_CODES,
    SEAT_STATUSES,
    EventStatus,
    RegistrationKind,
    RegistrationStatus,
)
from sanxin.events.models import Delegation, Event, Registration

PROFILE_FIELDS: tuple[str, ...] = (
    "listed",
    "offers",
    "seeks",
    "languages",
    "interpreter_needed",
    "unavailable",
    "max_meetings",
)
AUDIT_FIELDS = (*PROFILE_FIELDS, "status", "kind", "delegation")


def clean_registration(reg: Registration) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(reg.languages, list) or not set(reg.languages) <= LANGUAGE_CODES:
        errors.setdefault("languages", []).append(_("Choose languages from the list."))
    slots = slot_map(reg.event)
    if not isinstance(reg.unavailable, list) or not set(reg.unavailable) <= set(slots):
        errors.setdefault("unavailable", []).append(_("Choose slots of this event."))
    limit = reg.event.max_meetings_per_person
    if reg.max_meetings is not None and reg.max_meetings > limit:
        errors.setdefault("max_meetings", []).append(
            _("The event allows at most %(n)s meetings per person.") % {"n": limit}
        )
    finish_clean(reg, errors, exclude=["event", "person"], validate_constraints=False)


def _set_delegation(reg: Registration, together: bool | None) -> None:
    if together is None:
        return
    if together and reg.organization_id is not None:
        reg.delegation, _created = Delegation.objects.get_or_create(
            event_id=reg.event_id, organization_id=reg.organization_id
        )
    else:
        reg.delegation = None


@transaction.atomic
def register(
    *,
    actor: Any,
    event: Event,
    data: dict[str, Any],
    person: Any = None,
    in_delegation: bool | None = None,
) -> Registration:
    """``person`` (default: the actor) registers; members at once, guests maybe after approval."""
    person = person or actor
    ev = acting(actor)
    if ev is not None:
        require(person.pk == actor.pk or can_organise(ev, event))
    pev = event_viewer(person)
    if not can_view_event(pev, event) and not (ev is None or can_organise(ev, event)):
        raise ValidationError({"event": _("This event is not open to you.")})
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if Registration.objects.filter(event=event, person=person).exists():
        raise ValidationError({"event": _("You are already registered for this event.")})
    if event.status != EventStatus.PUBLISHED or not event.registration_open:
        raise ValidationError({"event": _("Registration for this event is closed.")})
    seats = Registration.objects.filter(event=event, status__in=SEAT_STATUSES).count()
    if event.capacity is not None and seats >= event.capacity:
        raise ValidationError({"event": _("The event is full.")})
    member = person.organization_id is not None and is_member_of_organiser(pev, event)
    if not member and not event.allow_guests:
        raise ValidationError({"event": _("Only members of the organizing alliance may register.")})
    reg = Registration(
        event=event,
        person=person,
        organization_id=person.organization_id,
        kind=RegistrationKind.MEMBER if member else RegistrationKind.GUEST,
        status=(
            RegistrationStatus.PENDING
            if not member and event.guest_approval
            else RegistrationStatus.APPROVED
        ),
    )
    assign(reg, data, PROFILE_FIELDS)
    clean_registration(reg)
    _set_delegation(reg, in_delegation)
    reg.save()
    log_action(
        "sanxin.event.registered",
        actor=actor,
        obj=event,
        new={f"registration:{reg.pk}": snapshot(reg, AUDIT_FIELDS)},
    )
    return reg


@transaction.atomic
def update_registration(
    *,
    actor: Any,
    registration: Registration,
    data: dict[str, Any],
    in_delegation: bool | None = None,
) -> Registration:
    ev = acting(actor)
    if ev is not None:
        require(registration.person_id == ev.person_id or can_organise(ev, registration.event))
    reg = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    old = snapshot(reg, AUDIT_FIELDS)
    assign(reg, data, PROFILE_FIELDS)
    clean_registration(reg)
    _set_delegation(reg, in_delegation)
    reg.save()
    new = snapshot(reg, AUDIT_FIELDS)
    if old != new:
        log_action(
            "sanxin.event.registration.changed",
            actor=actor,
            obj=reg.event,
            old={f"registration:{reg.pk}": old},
            new={f"registration:{reg.pk}": new},
        )
    return reg


def _answer(actor: Any, registration: Registration, status: str) -> Registration:
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, registration.event))
    reg = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    if reg.status not in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED):
        raise ValidationError({"status": _("This registration was already answered.")})
    if reg.status == status:
        return reg
    old = reg.status
    reg.status = status
    reg.save(update_fields=["status", "updated"])
    log_action(
        f"sanxin.event.registration.{status}",
        actor=actor,
        obj=reg.event,
        old={f"registration:{reg.pk}": {"status": old}},
        new={f"registration:{reg.pk}": {"status": status}},
    )
    event_title = reg.event

    def message() -> tuple[str, str]:
        if status == RegistrationStatus.APPROVED:
            subject = _("You are registered for %(event)s") % {"event": event_title.title}
        else:
            subject = _("Your registration for %(event)s was declined") % {
                "event": event_title.title
            }
        return subject, subject

    notify_people(
        people=[reg.person], action=f"sanxin.event.registration.{status}", message=message
    )
    return reg


@transaction.atomic
def approve_registration(*, actor: Any, registration: Registration) -> Registration:
    return _answer(actor, registration, RegistrationStatus.APPROVED)


@transaction.atomic
def decline_registration(*, actor: Any, registration: Registration) -> Registration:
    return _answer(actor, registration, RegistrationStatus.DECLINED)


@transaction.atomic
def cancel_registration(*, actor: Any, registration: Registration) -> Registration:
    """The person (or an organiser) cancels; their pending requests are withdrawn."""
    from sanxin.events.domain.requests import withdraw_all  # noqa: PLC0415 - avoids a cycle

    ev = acting(actor)
    if ev is not None:
        require(acts_for(ev, registration) or can_organise(ev, registration.event))
    reg = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    if reg.status == RegistrationStatus.CANCELLED:
        return reg
    old = reg.status
    reg.status = RegistrationStatus.CANCELLED
    reg.save(update_fields=["status", "updated"])
    withdraw_all(actor=actor, registration=reg)
    log_action(
        "sanxin.event.registration.cancelled",
        actor=actor,
        obj=reg.event,
        old={f"registration:{reg.pk}": {"status": old}},
        new={f"registration:{reg.pk}": {"status": reg.status}},
    )
    return reg


@transaction.atomic
def check_in(*, actor: Any, registration: Registration, present: bool = True) -> Registration:
    """The organiser marks a participant as arrived at the event (or undoes it)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, registration.event))
    reg = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    if reg.status != RegistrationStatus.APPROVED:
        raise ValidationError({"status": _("Only registered participants can check in.")})
    old = reg.checked_in
    reg.checked_in = timezone.now() if present else None
    reg.save(update_fields=["checked_in", "updated"])
    log_action(
        "sanxin.event.registration.checked_in",
        actor=actor,
        obj=reg.event,
        old={f"registration:{reg.pk}": {"checked_in": old}},
        new={f"registration:{reg.pk}": {"checked_in": reg.checked_in}},
    )
    return reg
