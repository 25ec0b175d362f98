"""REST endpoints of events: interpreters, registrations, meeting requests, the scheduler,
agendas, outcomes.

Every read starts from a viewer-scoped ``visible_*`` queryset (rows the caller may not see
answer 404, never 403) and every write goes through a domain function, which checks the
caller's powers, validates, saves and writes the audit entry.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.directory.api import Page
from sanxin.directory.domain.access import visible_alliances
from sanxin.events import api_schemas as s
from sanxin.events.domain import events as event_ops
from sanxin.events.domain import interpreters as interpreter_ops
from sanxin.events.domain import registrations as reg_ops
from sanxin.events.domain import requests as request_ops
from sanxin.events.domain.access import (
    EventViewer,
    can_organise,
    event_viewer,
    my_registration,
    visible_events,
    visible_meetings,
    visible_outcomes,
    visible_registrations,
    visible_requests,
)
from sanxin.events.domain.meetings import mark_attendance
from sanxin.events.domain.outcomes import outcome_to_project, record_outcome, side_for
from sanxin.events.domain.queries import (
    MEETING_RELATED,
    REQUEST_RELATED,
    event_meetings,
    event_requests,
    latest_run,
    participants,
    search_events,
)
from sanxin.events.domain.report import event_report
from sanxin.events.domain.scheduling import capacity_check
from sanxin.events.domain.slots import event_slots
from sanxin.events.enums import UNPLACED_REASONS
from sanxin.events.models import Event
from sanxin.events.tasks import queue_schedule

router = Router(tags=["events"])


def _ev(request) -> EventViewer:
    return event_viewer(request.user)


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _signed_in(request) -> EventViewer:
    ev = _ev(request)
    if not ev.is_authenticated:
        raise AuthenticationError
    return ev


def _event(request, event_id: int) -> Event:
    return _get(visible_events(_ev(request)).select_related("alliance"), pk=event_id)


def _organised(request, event_id: int) -> Event:
    ev = _signed_in(request)
    event = _event(request, event_id)
    if not can_organise(ev, event):
        raise PermissionDenied
    return event


def _detail(event: Event) -> Event:
    event.slots = [slot.key for slot in event_slots(event)]
    return event


class SearchQuery(Schema):
    q: str = ""


# --- events -------------------------------------------------------------------------------


@router.get("/events", response=list[s.EventOut])
@paginate(Page)
def list_events(request, filters: Query[SearchQuery]):
    """Events the caller may see, latest first (drafts only for their organisers)."""
    return search_events(_ev(request), filters.q)


def _event_data(request, payload: s.EventIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data.pop("version", None)  # checked by the domain, not a field to set
    texts = ("title_en", "title_zh", "title_vi", "venue", "description_en", "description_zh")
    for key in (*texts, "description_vi"):
        if key in data and data[key] is None:
            data[key] = ""
    slug = data.pop("alliance", None)
    if slug is not None:
        alliance = visible_alliances(_ev(request).base).filter(slug=slug).first()
        if alliance is None:
            raise ValidationError({"alliance": [_("No alliance with this short code.")]})
        data["alliance"] = alliance
    return data


@router.post("/events", response={201: s.EventDetail})
def create(request, payload: s.EventIn):
    """Create an event (the secretariat of the organizing alliance, or an admin)."""
    _signed_in(request)
    event = event_ops.create_event(actor=request.user, data=_event_data(request, payload))
    return Status(201, _detail(event))


@router.get("/events/{event_id}", response=s.EventDetail)
def get_event(request, event_id: int):
    return _detail(_event(request, event_id))


@router.patch("/events/{event_id}", response=s.EventDetail)
def change(request, event_id: int, payload: s.EventIn):
    """Change only the fields sent. Send the ``version`` you read: when someone changed the
    event since, nothing is saved and the answer is 409 with ``current_version`` and who
    changed which fields."""
    event = _event(request, event_id)
    data = _event_data(request, payload)
    if "alliance" in data:
        raise ValidationError({"alliance": [_("The organizing alliance cannot change.")]})
    return _detail(
        event_ops.update_event(
            actor=request.user, event=event, data=data, expected_version=payload.version
        )
    )


@router.post("/events/{event_id}/status", response=s.EventDetail)
def set_status(request, event_id: int, payload: s.StatusIn):
    event = _event(request, event_id)
    return _detail(
        event_ops.set_event_status(actor=request.user, event=event, status=payload.status)
    )


@router.post("/events/{event_id}/booking", response=s.MeetingCapacityOut)
def set_booking(request, event_id: int, payload: s.BookingIn):
    """Open or close meeting requests; answers the capacity planner's warnings."""
    event = _event(request, event_id)
    event_ops.set_booking(actor=request.user, event=event, open_=payload.open)
    return capacity_check(event)


# --- interpreters -------------------------------------------------------------------------


def _interpreter(request, event_id: int, interpreter_id: int):
    event = _organised(request, event_id)
    item = _get(interpreter_ops.event_interpreters(event), pk=interpreter_id)
    item.event = event
    return item


def _busy(exc: interpreter_ops.InterpreterBusyError):
    """409 in the API's error shape (``Error``): the input is fine, a published meeting is in
    the way. Answered as a response of its own, so the operation's schema keeps the one 409
    that ``config.openapi_errors`` documents for changes."""
    body = {
        "code": "interpreter_busy",
        "message": " ".join(exc.messages),
        "errors": exc.message_dict,
    }
    return JsonResponse(body, status=409)


@router.get("/events/{event_id}/interpreters", response=list[s.InterpreterOut])
@paginate(Page)
def list_interpreters(request, event_id: int):
    """The event's interpreters by name (organisers, who see them on the event page)."""
    return interpreter_ops.event_interpreters(_organised(request, event_id))


@router.post("/events/{event_id}/interpreters", response={201: s.InterpreterOut})
def add_interpreter(request, event_id: int, payload: s.InterpreterIn):
    """Add an interpreter for a language pair, with the slots they cannot work in."""
    event = _organised(request, event_id)
    item = interpreter_ops.add_interpreter(
        actor=request.user, event=event, data=payload.model_dump()
    )
    return Status(201, _get(interpreter_ops.event_interpreters(event), pk=item.pk))


@router.patch("/events/{event_id}/interpreters/{interpreter_id}", response=s.InterpreterOut)
def change_interpreter(request, event_id: int, interpreter_id: int, payload: s.InterpreterPatchIn):
    """Change only the fields sent (``null`` leaves a field as it is). Their published meetings
    in slots they are no longer available (or all of them, for a new pair) go to a free
    colleague of the same pair; when nobody is free, nothing is saved and the answer is 409."""
    item = _interpreter(request, event_id, interpreter_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    try:
        interpreter_ops.update_interpreter(actor=request.user, interpreter=item, data=data)
    except interpreter_ops.InterpreterBusyError as exc:
        return _busy(exc)
    return _get(interpreter_ops.event_interpreters(item.event), pk=item.pk)


@router.delete(
    "/events/{event_id}/interpreters/{interpreter_id}",
    response={204: None, 409: s.InterpreterConflictOut},
)
def remove_interpreter(request, event_id: int, interpreter_id: int):
    """Remove an interpreter; 409 while they interpret a published meeting."""
    item = _interpreter(request, event_id, interpreter_id)
    try:
        interpreter_ops.remove_interpreter(actor=request.user, interpreter=item)
    except interpreter_ops.InterpreterBusyError as exc:
        return _busy(exc)
    return Status(204, None)


# --- participants -------------------------------------------------------------------------


@router.get("/events/{event_id}/participants", response=list[s.RegistrationOut])
@paginate(Page)
def list_participants(request, event_id: int, filters: Query[SearchQuery]):
    """Approved participants who consented to be listed (and the caller's own registration)."""
    return participants(_ev(request), _event(request, event_id), filters.q)


@router.post("/events/{event_id}/registrations", response={201: s.RegistrationOut})
def register(request, event_id: int, payload: s.RegistrationIn):
    """Register the caller: members at once, guests after the organisers approve."""
    _signed_in(request)
    event = _event(request, event_id)
    data = payload.model_dump()
    together = data.pop("in_delegation")
    reg = reg_ops.register(actor=request.user, event=event, data=data, in_delegation=together)
    return Status(201, reg)


REGISTRATION_ACTIONS = {
    "approve": reg_ops.approve_registration,
    "decline": reg_ops.decline_registration,
    "cancel": reg_ops.cancel_registration,
}


@router.post(
    "/events/{event_id}/registrations/{registration_id}/{action}", response=s.RegistrationOut
)
def answer_registration(
    request, event_id: int, registration_id: int, action: Literal["approve", "decline", "cancel"]
):
    """Organisers approve or decline; the person (or an organiser) cancels."""
    ev = _signed_in(request)
    event = _event(request, event_id)
    reg = _get(
        visible_registrations(ev).filter(event=event).select_related("event"), pk=registration_id
    )
    return REGISTRATION_ACTIONS[action](actor=request.user, registration=reg)


# --- requests -----------------------------------------------------------------------------


@router.get("/events/{event_id}/requests", response=list[s.RequestOut])
@paginate(Page)
def list_requests(request, event_id: int):
    """The caller's requests, sent and received (organisers: all of the event's)."""
    ev = _signed_in(request)
    return event_requests(ev, _event(request, event_id))


@router.post("/events/{event_id}/requests", response={201: s.RequestOut})
def send(request, event_id: int, payload: s.RequestIn):
    ev = _signed_in(request)
    event = _event(request, event_id)
    mine = my_registration(ev, event)
    if mine is None:
        raise ValidationError({"sender": [_("Register for the event first.")]})
    recipient = (
        visible_registrations(ev)
        .filter(event=event, pk=payload.recipient)
        .select_related("event")
        .first()
    )
    if recipient is None:
        raise ValidationError({"recipient": [_("No such participant.")]})
    item = request_ops.send_request(
        actor=request.user,
        sender=mine,
        recipient=recipient,
        message=payload.message,
        priority=payload.priority,
    )
    return Status(201, _get(visible_requests(ev).select_related(*REQUEST_RELATED), pk=item.pk))


REQUEST_ACTIONS = {
    "accept": request_ops.accept_request,
    "decline": request_ops.decline_request,
    "withdraw": request_ops.withdraw_request,
}


@router.post("/events/{event_id}/requests/{request_id}/{action}", response=s.RequestOut)
def answer_request(
    request, event_id: int, request_id: int, action: Literal["accept", "decline", "withdraw"]
):
    """The recipient accepts or declines; the sender withdraws."""
    ev = _signed_in(request)
    event = _event(request, event_id)
    qs = visible_requests(ev).filter(event=event).select_related("event", *REQUEST_RELATED)
    item = _get(qs, pk=request_id)
    REQUEST_ACTIONS[action](actor=request.user, request=item)
    return _get(qs, pk=request_id)


# --- meetings and the scheduler -----------------------------------------------------------


@router.get("/events/{event_id}/meetings", response=list[s.MeetingOut])
@paginate(Page)
def list_meetings(request, event_id: int):
    """Published meetings: the caller's own (organisers: all of the event's)."""
    ev = _signed_in(request)
    return event_meetings(ev, _event(request, event_id))


@router.get("/events/{event_id}/capacity", response=s.MeetingCapacityOut)
def capacity(request, event_id: int):
    """The capacity planner: meeting places against the expected and accepted demand."""
    return capacity_check(_organised(request, event_id))


def _run_out(run) -> dict:
    data = s.RunOut.from_orm(run).model_dump()
    data["unplaced"] = [
        {**u, "label": str(UNPLACED_REASONS.get(u["reason"], u["reason"]))} for u in run.unplaced
    ]
    return data


@router.post("/events/{event_id}/schedule", response={202: s.RunOut})
def schedule(request, event_id: int, payload: s.ScheduleIn):
    """Queue the scheduler; the run is returned (done already when tasks run in-process)."""
    event = _organised(request, event_id)
    run = queue_schedule(actor=request.user, event=event, allow_moves=payload.allow_moves)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@router.get("/events/{event_id}/schedule", response=s.RunOut)
def latest_schedule(request, event_id: int):
    """The latest scheduler run, with its bound, gap and unplaced requests with reasons."""
    run = latest_run(_organised(request, event_id))
    if run is None:
        raise Http404
    return _run_out(run)


def _meeting(request, event_id: int, meeting_id: int):
    ev = _signed_in(request)
    event = _event(request, event_id)
    return _get(
        visible_meetings(ev).filter(event=event).select_related("event", *MEETING_RELATED),
        pk=meeting_id,
    )


@router.post("/events/{event_id}/meetings/{meeting_id}/attendance", response=s.MeetingOut)
def attendance(request, event_id: int, meeting_id: int, payload: s.AttendanceIn):
    """Organisers check a meeting in or mark a no-show."""
    meeting = _meeting(request, event_id, meeting_id)
    sides = {r.pk: r for r in (meeting.request.sender, meeting.request.recipient)}
    if payload.no_show_by is not None and payload.no_show_by not in sides:
        raise ValidationError({"no_show_by": [_("Choose one of the two sides of this meeting.")]})
    return mark_attendance(
        actor=request.user,
        meeting=meeting,
        attendance=payload.attendance,
        no_show_by=sides.get(payload.no_show_by),
    )


@router.post("/events/{event_id}/meetings/{meeting_id}/outcome", response=s.OutcomeOut)
def outcome(request, event_id: int, meeting_id: int, payload: s.OutcomeIn):
    """Record the caller's side's outcome (organisers name the ``side``)."""
    meeting = _meeting(request, event_id, meeting_id)
    side = side_for(request.user, meeting)
    if side is None:
        sides = {r.pk: r for r in (meeting.request.sender, meeting.request.recipient)}
        side = sides.get(payload.side)
        if side is None:
            raise PermissionDenied
    return record_outcome(
        actor=request.user,
        meeting=meeting,
        registration=side,
        result=payload.result,
        note=payload.note,
    )


@router.post("/events/{event_id}/outcomes/{outcome_id}/project", response={201: s.ProjectRef})
def launch_project(request, event_id: int, outcome_id: int, payload: s.OutcomeProjectIn):
    """Turn an outcome into a project owned by that side's organization."""
    ev = _signed_in(request)
    event = _event(request, event_id)
    item = _get(visible_outcomes(ev).filter(meeting__event=event), pk=outcome_id)
    data = payload.model_dump()
    if not data.get("country"):
        data.pop("country")
    project = outcome_to_project(actor=request.user, outcome=item, data=data)
    return Status(201, project)


@router.get("/events/{event_id}/report", response=s.ReportOut)
def report(request, event_id: int):
    """Meetings held, no-shows, outcomes, projects launched and their landing ratios."""
    event = _organised(request, event_id)
    data = event_report(_ev(request), event)
    return {
        **{key: getattr(data, key) for key in s.ReportOut.model_fields if key != "ratios"},
        "ratios": [
            {
                "key": r.key,
                "name": r.name,
                "percent": None if r.percent is None else float(r.percent),
            }
            for r in data.ratios
        ],
    }
