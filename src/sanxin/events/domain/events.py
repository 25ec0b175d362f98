"""Create and change events and their agenda; publish them; open booking.
Interpreters (add, change, remove) live in ``domain/interpreters.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.concurrency import check_version
from sanxin.events.domain.access import can_create_event_for, can_organise
from sanxin.events.domain.common import acting, assign, finish_clean, require, snapshot
from sanxin.events.enums import EventStatus
from sanxin.events.models import Event, Session, Speaker

EVENT_FIELDS: tuple[str, ...] = (
    "title_en",
    "title_zh",
    "title_vi",
    "description_en",
    "description_zh",
    "description_vi",
    "start_date",
    "end_date",
    "venue",
    "time_zone",
    "audience",
    "registration_open",
    "capacity",
    "allow_guests",
    "guest_approval",
    "meeting_days",
    "meeting_start",
    "meeting_end",
    "slot_minutes",
    "breaks",
    "tables_per_slot",
    "request_deadline",
    "max_meetings_per_person",
    "max_requests_per_person",
    "request_expiry_days",
)
CREATE_ONLY_FIELDS: tuple[str, ...] = ("alliance", "is_demo")
SESSION_FIELDS: tuple[str, ...] = ("title_en", "title_zh", "title_vi", "starts", "ends", "room")
#: The shortest and longest meeting slot an organiser may choose, in minutes.
SLOT_MINUTES = (5, 240)


def _clean_times(event: Event, add) -> None:
    if event.meeting_start and event.meeting_end and event.meeting_start >= event.meeting_end:
        add("meeting_end", _("Meetings must end after they start."))
    if not SLOT_MINUTES[0] <= (event.slot_minutes or 0) <= SLOT_MINUTES[1]:
        add(
            "slot_minutes",
            _("A slot lasts between %(low)s and %(high)s minutes.")
            % {"low": SLOT_MINUTES[0], "high": SLOT_MINUTES[1]},
        )
    pairs = event.breaks if isinstance(event.breaks, list) else None
    try:
        for a, b in pairs or []:
            if dt.time.fromisoformat(a) >= dt.time.fromisoformat(b):
                raise ValueError
    except (TypeError, ValueError):
        add("breaks", _("Write each break as start–end, e.g. 12:00-13:30."))
    if pairs is None:
        add("breaks", _("Write each break as start–end, e.g. 12:00-13:30."))
    days = event.meeting_days if isinstance(event.meeting_days, list) else None
    try:
        for day in days or []:
            parsed = dt.date.fromisoformat(day)
            if (
                event.start_date
                and event.end_date
                and not (event.start_date <= parsed <= event.end_date)
            ):
                add("meeting_days", _("Meeting days must be days of the event."))
                break
    except (TypeError, ValueError):
        days = None
    if days is None:
        add("meeting_days", _("Give meeting days as dates (YYYY-MM-DD)."))


def clean_event(event: Event) -> None:
    """Validate an event; raises ValidationError keyed by field, in the user's language."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not (event.title_en or event.title_zh or event.title_vi):
        add("title_en", _("Give the event a title in at least one language."))
    if event.start_date and event.end_date and event.end_date < event.start_date:
        add("end_date", _("The last day cannot be before the first day."))
    if event.time_zone not in available_timezones():
        add("time_zone", _("Choose a time zone such as Asia/Shanghai or Asia/Ho_Chi_Minh."))
    _clean_times(event, add)
    finish_clean(event, errors, validate_constraints=False)


@transaction.atomic
def create_event(*, actor: Any, data: dict[str, Any]) -> Event:
    ev = acting(actor)
    event = Event()
    assign(event, data, EVENT_FIELDS + CREATE_ONLY_FIELDS)
    if ev is not None:
        if event.alliance_id is None:
            raise ValidationError({"alliance": _("Choose the organizing alliance.")})
        require(can_create_event_for(ev, event.alliance))
        event.created_by = actor
    clean_event(event)
    event.save()
    log_action("sanxin.event.created", actor=actor, obj=event, new=snapshot(event, EVENT_FIELDS))
    return event


@transaction.atomic
def update_event(
    *,
    actor: Any,
    event: Event,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Event:
    """Change the event's settings; with ``expected_version`` (what the editor loaded) a change
    saved meanwhile by someone else raises ``EditConflictError`` instead of being overwritten.

    Publishing and opening meeting requests (``set_event_status``, ``set_booking``) touch other
    fields and do not count as versions: they never overwrite an edit, nor an edit them."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    # Read again under a row lock, so two saves of the same version are serialised.
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    check_version(event, expected_version)
    old = snapshot(event, EVENT_FIELDS)
    assign(event, data, EVENT_FIELDS)
    clean_event(event)
    new = snapshot(event, EVENT_FIELDS)
    if old != new:
        event.version += 1
        log_action(
            "sanxin.event.changed",
            actor=actor,
            obj=event,
            old={**old, "version": event.version - 1},
            new={**new, "version": event.version},
        )
    event.save()
    return event


@transaction.atomic
def set_event_status(*, actor: Any, event: Event, status: str) -> Event:
    """Publish a draft, cancel an event, or take it back to draft."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    if status not in EventStatus.values:
        raise ValidationError({"status": _("Unknown event status.")})
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    old = event.status
    if old != status:
        event.status = status
        if status != EventStatus.PUBLISHED:
            event.booking_open = False
        event.save(update_fields=["status", "booking_open", "updated"])
        log_action(
            "sanxin.event.status.changed",
            actor=actor,
            obj=event,
            old={"status": old},
            new={"status": status},
        )
    return event


@transaction.atomic
def set_booking(*, actor: Any, event: Event, open_: bool) -> Event:
    """Open or close meeting requests (the capacity planner's warnings are shown before)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if open_ and event.status != EventStatus.PUBLISHED:
        raise ValidationError(
            {"booking_open": _("Publish the event before opening meeting requests.")}
        )
    if event.booking_open != open_:
        event.booking_open = open_
        event.save(update_fields=["booking_open", "updated"])
        log_action(
            "sanxin.event.booking.opened" if open_ else "sanxin.event.booking.closed",
            actor=actor,
            obj=event,
            old={"booking_open": not open_},
            new={"booking_open": open_},
        )
    return event


def _speakers(text_lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name.strip(), aff.strip()) for name, aff in text_lines if name.strip()]


def clean_session(session: Session) -> None:
    errors: dict[str, list[str]] = {}
    if not (session.title_en or session.title_zh or session.title_vi):
        errors.setdefault("title_en", []).append(
            _("Give the session a title in at least one language.")
        )
    if session.starts and session.ends and session.ends <= session.starts:
        errors.setdefault("ends", []).append(_("A session must end after it starts."))
    finish_clean(session, errors, exclude=["event"], validate_constraints=False)


@transaction.atomic
def add_session(
    *,
    actor: Any,
    event: Event,
    data: dict[str, Any],
    speakers: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Session:
    """Add an agenda item with its speakers ((name, position and organization) pairs)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    session = Session(event=event)
    assign(session, data, SESSION_FIELDS)
    clean_session(session)
    session.save()
    names = _speakers(list(speakers))
    Speaker.objects.bulk_create(
        Speaker(session=session, name=name, affiliation=aff, position=i)
        for i, (name, aff) in enumerate(names)
    )
    log_action(
        "sanxin.event.session.added",
        actor=actor,
        obj=event,
        new={f"session:{session.pk}": {**snapshot(session, SESSION_FIELDS), "speakers": names}},
    )
    return session


@transaction.atomic
def delete_session(*, actor: Any, session: Session) -> None:
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, session.event))
    log_action(
        "sanxin.event.session.deleted",
        actor=actor,
        obj=session.event,
        old={f"session:{session.pk}": snapshot(session, SESSION_FIELDS)},
    )
    session.delete()
