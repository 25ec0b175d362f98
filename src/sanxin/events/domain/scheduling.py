"""Feed the meeting scheduler from the database, run it, and store what it decided.

``build_feed`` turns an event into a ``sanxin.engines.scheduling.Instance``: the slots from the
meeting settings, tables per slot, the approved participants (availability, cap, languages,
delegation as party), the accepted requests (weight = priority + match score), the
interpreters and the published meetings as ``fixed``. ``run_schedule`` solves it and applies
the result: new meetings are published, published ones stay (or move, when the organiser
allows it), and every unplaced request keeps its reason on the ``ScheduleRun``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.engines.scheduling import (
    FixedMeeting,
    Instance,
    InstanceError,
    Participant,
    Request,
    Schedule,
    SolveOptions,
    plan_capacity,
    solve,
)
from sanxin.engines.scheduling import Interpreter as EngineInterpreter
from sanxin.events.domain.access import can_organise
from sanxin.events.domain.common import acting, require
from sanxin.events.domain.notify import notify_people
from sanxin.events.domain.slots import Slot, event_slots
from sanxin.events.enums import (
    PRIORITY_WEIGHT,
    MeetingStatus,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
)
from sanxin.events.models import (
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)

logger = logging.getLogger(__name__)

#: Seconds the solver may take for one event (the engine meets its targets well within this).
TIME_LIMIT = 10.0
#: Table numbers used for a moment while published meetings swap tables.
_PARKING = 30000


def request_weight(item: MeetingRequest) -> int:
    """Priority (must 30, want 20, maybe 10) plus up to 9 for the match score."""
    score = float(item.match_score or 0)
    return PRIORITY_WEIGHT.get(item.priority, 10) + round(9 * min(max(score, 0.0), 1.0))


def fill_match_scores(event: Event) -> int:
    """Give each accepted request between two organizations that has no match score yet the
    matchmaking engine's fit of the two (``sanxin.matching``); returns how many were filled.

    Done before a solve (not when a request is sent), so the model is consulted once per
    schedule; a score once set stays, so a re-solve weighs the same requests the same way."""
    from sanxin.matching.domain.pairs import pair_scores  # noqa: PLC0415 - matching builds on events

    todo = list(
        MeetingRequest.objects.filter(
            event=event,
            status=RequestStatus.ACCEPTED,
            match_score__isnull=True,
            sender__organization__isnull=False,
            recipient__organization__isnull=False,
        ).select_related("sender__organization", "recipient__organization")
    )
    scores = pair_scores([(i.sender.organization, i.recipient.organization) for i in todo])
    filled = []
    for item, score in zip(todo, scores, strict=True):
        if score is not None:
            item.match_score = Decimal(str(score)).quantize(Decimal("0.001"))
            filled.append(item)
    MeetingRequest.objects.bulk_update(filled, ["match_score"])
    return len(filled)


@dataclass
class Feed:
    instance: Instance
    slots: dict[str, Slot]
    requests: list[MeetingRequest]
    """By the instance's request index."""
    published: dict[int, Meeting]
    """Published meetings by request id."""
    interpreters: dict[str, Interpreter]
    duplicates: list[MeetingRequest] = field(default_factory=list)


def _available(all_keys: list[str], unavailable: list[str]) -> frozenset[str] | None:
    if not unavailable:
        return None
    missing = set(unavailable)
    return frozenset(k for k in all_keys if k not in missing)


def build_feed(event: Event, *, allow_moves: bool = False) -> Feed:
    slots = event_slots(event)
    keys = [s.key for s in slots]
    regs = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED).order_by("pk")
    )
    participants = tuple(
        Participant(
            id=f"r{r.pk}",
            available=_available(keys, r.unavailable),
            max_meetings=r.max_meetings or event.max_meetings_per_person,
            party=f"d{r.delegation_id}" if r.delegation_id else None,
            languages=tuple(r.languages or ()),
        )
        for r in regs
    )
    party = {r.pk: r.party_key for r in regs}
    published = {
        m.request_id: m
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED).order_by("pk")
    }
    accepted = MeetingRequest.objects.filter(
        event=event,
        status=RequestStatus.ACCEPTED,
        sender_id__in=party,
        recipient_id__in=party,
    ).order_by("created", "pk")
    # Published meetings first, so that a duplicate never displaces one.
    ordered = sorted(accepted, key=lambda r: (r.pk not in published, r.created, r.pk))
    seen: set[frozenset[str]] = set()
    chosen: list[MeetingRequest] = []
    duplicates: list[MeetingRequest] = []
    for item in ordered:
        pair = frozenset((party[item.sender_id], party[item.recipient_id]))
        if pair in seen or len(pair) < 2:
            duplicates.append(item)
            continue
        seen.add(pair)
        chosen.append(item)
    interpreters = {f"i{t.pk}": t for t in Interpreter.objects.filter(event=event).order_by("pk")}
    fixed = tuple(
        FixedMeeting(f"r{item.sender_id}", f"r{item.recipient_id}", m.slot, m.table)
        for item in chosen
        if (m := published.get(item.pk)) is not None and m.slot in keys
    )
    instance = Instance(
        slots=tuple(keys) or ("none",),
        tables=tuple(event.tables_per_slot for _k in keys) or (0,),
        participants=participants,
        requests=tuple(
            Request(f"r{item.sender_id}", f"r{item.recipient_id}", request_weight(item))
            for item in chosen
        ),
        interpreters=tuple(
            EngineInterpreter(
                key,
                tuple(sorted((t.language_a, t.language_b))),
                _available(keys, t.unavailable),
            )
            for key, t in interpreters.items()
        ),
        fixed=fixed,
        allow_moves=allow_moves,
    )
    return Feed(
        instance=instance,
        slots={s.key: s for s in slots},
        requests=chosen,
        published=published,
        interpreters=interpreters,
        duplicates=duplicates,
    )


# --- capacity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityCheck:
    slots: int
    tables_per_slot: int
    places: int
    participants: int
    accepted: int
    expected: int
    """Meetings to expect once booking is open: participants × maximum meetings ÷ 2."""
    warnings: list[str]


def capacity_check(event: Event) -> CapacityCheck:
    """The capacity planner's warnings, in the user's language, before or during booking."""
    feed = build_feed(event)
    report = plan_capacity(feed.instance)
    n_slots = len(feed.slots)
    places = n_slots * event.tables_per_slot
    people = len(feed.instance.participants)
    expected = people * event.max_meetings_per_person // 2
    warnings: list[str] = []
    if expected > places:
        warnings.append(
            _(
                "Up to %(expected)s meetings may be requested (%(people)s participants × "
                "%(max)s meetings ÷ 2) but there are only %(places)s meeting places "
                "(%(slots)s slots × %(tables)s tables)."
            )
            % {
                "expected": expected,
                "people": people,
                "max": event.max_meetings_per_person,
                "places": places,
                "slots": n_slots,
                "tables": event.tables_per_slot,
            }
        )
    warnings += [_capacity_message(warning, report) for warning in report.warnings]
    return CapacityCheck(
        slots=n_slots,
        tables_per_slot=event.tables_per_slot,
        places=places,
        participants=people,
        accepted=report.demand,
        expected=expected,
        warnings=warnings,
    )


def _capacity_message(warning, report) -> str:
    if warning.code == "demand_exceeds_tables":
        return _(
            "%(demand)s accepted requests but only %(places)s meeting places: add tables or slots."
        ) % {"demand": report.demand, "places": report.table_capacity}
    if warning.code == "participant_overbooked":
        return _("A participant has more accepted requests than meetings they can attend.")
    if warning.code == "no_common_slot":
        return _("Some accepted requests have no slot where both sides are available.")
    return _("Not enough %(pair)s interpreters for the meetings that need one.") % {
        "pair": warning.subject
    }


# --- running ------------------------------------------------------------------------------


@transaction.atomic
def request_schedule(*, actor: Any, event: Event, allow_moves: bool = False) -> ScheduleRun:
    """Queue a scheduler run (the caller starts the task after the commit)."""
    ev = acting(actor)
    if ev is not None:
        require(can_organise(ev, event))
    if ScheduleRun.objects.filter(
        event=event, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).exists():
        raise ValidationError({"event": _("The scheduler is already running for this event.")})
    run = ScheduleRun.objects.create(
        event=event,
        allow_moves=allow_moves,
        requested_by=actor if ev is not None else None,
    )
    log_action(
        "sanxin.event.schedule.requested",
        actor=actor,
        obj=event,
        new={"run": run.pk, "allow_moves": allow_moves},
    )
    return run


def run_schedule(*, run_id: int, time_limit: float = TIME_LIMIT) -> ScheduleRun:
    """Solve and apply a queued run; idempotent (a run that already ran is returned as is)."""
    with transaction.atomic():
        run = (
            ScheduleRun.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=run_id)
        )
        if run.status != RunStatus.QUEUED:
            return run
        run.status = RunStatus.RUNNING
        run.started = timezone.now()
        run.save(update_fields=["status", "started"])
    try:
        fill_match_scores(run.event)
        feed = build_feed(run.event, allow_moves=run.allow_moves)
        report = plan_capacity(feed.instance)
        schedule = solve(feed.instance, SolveOptions(time_limit=time_limit))
        with transaction.atomic():
            _apply(run, feed, schedule, report)
    except InstanceError as exc:
        _fail(run, str(exc))
    except Exception as exc:
        logger.exception("scheduler run %s failed", run_id)
        _fail(run, type(exc).__name__)
    return run


def _fail(run: ScheduleRun, message: str) -> None:
    run.status = RunStatus.FAILED
    run.error = message
    run.finished = timezone.now()
    run.save(update_fields=["status", "error", "finished"])
    log_action(
        "sanxin.event.schedule.failed",
        actor=run.requested_by,
        obj=run.event,
        new={"error": message},
    )


def _apply(run: ScheduleRun, feed: Feed, schedule: Schedule, report) -> None:
    event = run.event
    placed: dict[int, tuple[Slot, int, Interpreter | None]] = {}
    for m in schedule.meetings:
        placed[feed.requests[m.request].pk] = (
            feed.slots[m.slot],
            m.table,
            feed.interpreters.get(m.interpreter) if m.interpreter is not None else None,
        )
    changed: list[Meeting] = []
    for request_id, meeting in feed.published.items():
        if request_id not in placed:
            meeting.status = MeetingStatus.CANCELLED
            meeting.save(update_fields=["status", "updated"])
            continue
        slot, table, interp = placed[request_id]
        if (meeting.slot, meeting.table, meeting.interpreter_id) != (
            slot.key,
            table,
            interp.pk if interp else None,
        ):
            changed.append(meeting)
    for i, meeting in enumerate(changed):  # park first: tables may swap between meetings
        meeting.table = _PARKING + i
        meeting.save(update_fields=["table"])
    moved = 0
    for meeting in changed:
        slot, table, interp = placed[meeting.request_id]
        moved += meeting.slot != slot.key
        meeting.slot, meeting.starts, meeting.ends = slot.key, slot.starts, slot.ends
        meeting.table, meeting.interpreter, meeting.run = table, interp, run
        meeting.save()
    new = [
        Meeting(
            event=event,
            request_id=request_id,
            slot=slot.key,
            starts=slot.starts,
            ends=slot.ends,
            table=table,
            interpreter=interp,
            run=run,
        )
        for request_id, (slot, table, interp) in placed.items()
        if request_id not in feed.published
    ]
    Meeting.objects.bulk_create(new)
    run.status = RunStatus.DONE
    run.finished = timezone.now()
    run.requests = len(feed.requests) + len(feed.duplicates)
    run.meetings = len(schedule.meetings)
    run.new_meetings = len(new)
    run.moved = moved
    run.objective = schedule.objective
    run.upper_bound = schedule.upper_bound
    run.gap = schedule.gap
    run.greedy_objective = schedule.greedy_objective
    run.solver_status = schedule.status
    run.idle_gaps = schedule.idle_gaps
    run.seconds = schedule.seconds
    run.unplaced = [
        {"request": feed.requests[u.request].pk, "reason": u.reason, "detail": u.detail}
        for u in schedule.unplaced
    ] + [{"request": d.pk, "reason": "duplicate", "detail": ""} for d in feed.duplicates]
    run.warnings = [
        {
            "code": w.code,
            "subject": None if w.subject is None else str(w.subject),
            "message": w.message,
        }
        for w in report.warnings
    ]
    run.save()
    log_action(
        "sanxin.event.schedule.solved",
        actor=run.requested_by,
        obj=event,
        new={
            "run": run.pk,
            "meetings": run.meetings,
            "new": run.new_meetings,
            "moved": moved,
            "unplaced": len(run.unplaced),
            "objective": run.objective,
            "upper_bound": run.upper_bound,
        },
    )
    _notify_new(event, [m.request_id for m in new] + [m.request_id for m in changed])


def _notify_new(event: Event, request_ids: list[int]) -> None:
    """Tell the people at the new or changed meetings (delegations in full) to check."""
    if not request_ids:
        return
    pairs = MeetingRequest.objects.filter(pk__in=request_ids).values_list(
        "sender_id", "recipient_id"
    )
    reg_ids = {pk for pair in pairs for pk in pair}
    delegations = Registration.objects.filter(pk__in=reg_ids, delegation__isnull=False).values(
        "delegation_id"
    )
    people = [
        r.person
        for r in Registration.objects.filter(
            Q(pk__in=reg_ids) | Q(delegation_id__in=delegations),
            status=RegistrationStatus.APPROVED,
        )
        .select_related("person")
        .order_by("pk")
    ]

    def build() -> tuple[str, str]:
        subject = _("Your meeting schedule for %(event)s is ready") % {"event": event.title}
        return subject, _("Open your agenda on Sanxin to see when and where you meet.")

    notify_people(people=people, action="sanxin.event.schedule.published", message=build)
