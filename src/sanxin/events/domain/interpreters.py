"""The interpreters of an event's 1:1 meetings: add, change (pair, slots they are not available),
remove.

An interpreter works between two languages and is available in every meeting slot of the event
except those listed in ``unavailable`` (slot keys, ``domain/slots.py``); the scheduler
(``domain/scheduling.py``) reads both on every solve. Published meetings name their interpreter
(``Meeting.interpreter``), and the scheduler keeps published meetings where they are, so:

- changing the pair, or marking a slot unavailable, hands the interpreter's published meetings
  in those slots to another interpreter of the same pair who is free then; when nobody is,
  nothing is saved and the error names the slots;
- an interpreter assigned to a published meeting cannot be removed (cancel the meeting, or mark
  the interpreter unavailable in its slot so that a colleague takes it over, first).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.events.domain.access import can_organise
from sanxin.events.domain.common import acting, assign, finish_clean, require, snapshot
from sanxin.events.domain.slots import event_slots
from sanxin.events.enums import LANGUAGE_CODES, MeetingStatus
from sanxin.events.models import Event, Interpreter, Meeting

INTERPRETER_FIELDS: tuple[str, ...] = ("name", "language_a", "language_b", "unavailable")


class InterpreterBusyError(ValidationError):
    """The change or removal would leave a published meeting without its interpreter (the API
    answers 409: the input is fine, the schedule's state is in the way)."""


def _pair(item: Interpreter) -> tuple[str, str]:
    a, b = sorted((item.language_a, item.language_b))
    return a, b


def clean_interpreter(item: Interpreter) -> None:
    """Validate an interpreter; raises ValidationError keyed by field, in the user's language.

    ``unavailable`` is normalised to the event's slot order without repeats."""
    errors: dict[str, list[str]] = {}
    if item.language_a not in LANGUAGE_CODES or item.language_b not in LANGUAGE_CODES:
        errors.setdefault("language_a", []).append(_("Choose two of the listed languages."))
    elif item.language_a == item.language_b:
        errors.setdefault("language_b", []).append(_("An interpreter works between two languages."))
    keys = [slot.key for slot in event_slots(item.event)]
    chosen = item.unavailable
    if (
        not isinstance(chosen, list)
        or not all(isinstance(k, str) for k in chosen)
        or not set(chosen) <= set(keys)
    ):
        errors.setdefault("unavailable", []).append(_("Choose slots of this event."))
    else:
        item.unavailable = [k for k in keys if k in set(chosen)]
    finish_clean(item, errors, exclude=["event"])


def event_interpreters(event: Event) -> QuerySet[Interpreter]:
    """The event's interpreters by name, each with ``meeting_count``: the published meetings
    they interpret (one query)."""
    return (
        Interpreter.objects.filter(event=event)
        .annotate(
            meeting_count=Count("meetings", filter=Q(meetings__status=MeetingStatus.PUBLISHED))
        )
        .order_by("name", "pk")
    )


def published_meetings(interpreter: Interpreter):
    """The published meetings this interpreter is assigned to, in time order."""
    return Meeting.objects.filter(
        interpreter_id=interpreter.pk, status=MeetingStatus.PUBLISHED
    ).order_by("starts", "table", "pk")


def _hand_over(item: Interpreter, old_pair: tuple[str, str]) -> list[dict[str, Any]]:
    """Give the published meetings ``item`` can no longer interpret to a free colleague of the
    same pair; raise ValidationError (nothing saved) naming the slots where nobody is free."""
    pair_changed = _pair(item) != old_pair
    off = set(item.unavailable)
    affected = [
        m
        for m in published_meetings(item).select_for_update(of=("self",))
        if pair_changed or m.slot in off
    ]
    if not affected:
        return []
    colleagues = [
        t
        for t in Interpreter.objects.filter(event_id=item.event_id)
        .exclude(pk=item.pk)
        .order_by("name", "pk")
        if _pair(t) == old_pair
    ]
    busy = set(
        Meeting.objects.filter(
            event_id=item.event_id,
            status=MeetingStatus.PUBLISHED,
            interpreter_id__in=[t.pk for t in colleagues],
        ).values_list("interpreter_id", "slot")
    )
    handed: list[tuple[Meeting, Interpreter]] = []
    stuck: list[str] = []
    for meeting in affected:
        free = next(
            (
                t
                for t in colleagues
                if meeting.slot not in (t.unavailable or []) and (t.pk, meeting.slot) not in busy
            ),
            None,
        )
        if free is None:
            stuck.append(meeting.slot)
            continue
        busy.add((free.pk, meeting.slot))
        handed.append((meeting, free))
    if stuck:
        field = "language_a" if pair_changed else "unavailable"
        raise InterpreterBusyError(
            {
                field: _(
                    "%(name)s interprets published meetings at %(slots)s and no other "
                    "interpreter for this language pair is free then. Cancel those meetings, "
                    "or add an interpreter for the pair, first."
                )
                % {"name": item.name, "slots": ", ".join(sorted(set(stuck)))}
            }
        )
    for meeting, colleague in handed:
        meeting.interpreter = colleague
        meeting.save(update_fields=["interpreter", "updated"])
    return [{"meeting": m.pk, "slot": m.slot, "interpreter": t.pk} for m, t in handed]


def _locked(interpreter: Interpreter) -> Interpreter:
    """The interpreter read again, its event row locked first: changes to one event's
    interpreters (and the hand-overs between them) run one at a time."""
    Event.objects.select_for_update(of=("self",)).filter(pk=interpreter.event_id).first()
    return Interpreter.objects.select_related("event").get(pk=interpreter.pk)


@transaction.atomic
def add_interpreter(*, actor: Any, event: Event, data: dict[str, Any]) -> Interpreter:
    """Add an interpreter for a language pair (organisers)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    item = Interpreter(event=event)
    assign(item, data, INTERPRETER_FIELDS)
    clean_interpreter(item)
    item.save()
    log_action(
        "sanxin.event.interpreter.added",
        actor=actor,
        obj=event,
        new={f"interpreter:{item.pk}": snapshot(item, INTERPRETER_FIELDS)},
    )
    return item


@transaction.atomic
def update_interpreter(
    *, actor: Any, interpreter: Interpreter, data: dict[str, Any]
) -> Interpreter:
    """Change an interpreter's name, language pair or the slots they are not available in.

    Published meetings they can no longer interpret go to a free colleague of the same pair
    (logged with the change); when nobody is free, nothing is saved."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, interpreter.event))
    item = _locked(interpreter)
    old = snapshot(item, INTERPRETER_FIELDS)
    old_pair = _pair(item)
    # Slots that no longer exist (the meeting hours changed since) are dropped, not refused.
    keys = {slot.key for slot in event_slots(item.event)}
    item.unavailable = [k for k in item.unavailable or [] if isinstance(k, str) and k in keys]
    assign(item, data, INTERPRETER_FIELDS)
    clean_interpreter(item)
    handed = _hand_over(item, old_pair)
    new = snapshot(item, INTERPRETER_FIELDS)
    if old != new:
        item.save()
        log_action(
            "sanxin.event.interpreter.changed",
            actor=actor,
            obj=item.event,
            old={f"interpreter:{item.pk}": old},
            new={
                f"interpreter:{item.pk}": new,
                **({"handed_over": handed} if handed else {}),
            },
        )
    return item


@transaction.atomic
def remove_interpreter(*, actor: Any, interpreter: Interpreter) -> None:
    """Remove an interpreter who interprets no published meeting; the next solve does without
    them. Cancelled meetings keep no reference to them (the field is emptied)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, interpreter.event))
    item = _locked(interpreter)
    slots = list(published_meetings(item).values_list("slot", flat=True))
    if slots:
        raise InterpreterBusyError(
            {
                "interpreter": _(
                    "%(name)s interprets published meetings at %(slots)s, so they cannot be "
                    "removed. Cancel those meetings, or mark %(name)s unavailable in those "
                    "slots so that a colleague takes them over, first."
                )
                % {"name": item.name, "slots": ", ".join(sorted(set(slots)))}
            }
        )
    log_action(
        "sanxin.event.interpreter.removed",
        actor=actor,
        obj=item.event,
        old={f"interpreter:{item.pk}": snapshot(item, INTERPRETER_FIELDS)},
    )
    item.delete()
