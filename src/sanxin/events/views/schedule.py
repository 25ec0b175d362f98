"""The organiser's pages: the scheduler, booking, the table plan, check-in and no-shows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.events.domain.events import set_booking
from sanxin.events.domain.meetings import mark_attendance
from sanxin.events.domain.queries import REQUEST_RELATED, latest_run, table_plan
from sanxin.events.domain.registrations import check_in
from sanxin.events.domain.scheduling import capacity_check
from sanxin.events.domain.slots import zone
from sanxin.events.enums import UNPLACED_REASONS, Attendance, RegistrationStatus, RunStatus
from sanxin.events.interfaces.forms import AttendanceForm, ScheduleForm
from sanxin.events.models import Meeting, MeetingRequest, Registration
from sanxin.events.tasks import queue_schedule
from sanxin.events.views.helpers import act, get_visible, organised_event


def _unplaced(run) -> list[dict]:
    if run is None or not run.unplaced:
        return []
    ids = [u["request"] for u in run.unplaced]
    by_id = MeetingRequest.objects.select_related(*REQUEST_RELATED).in_bulk(ids)
    return [
        {
            "request": by_id.get(u["request"]),
            "reason": u["reason"],
            "label": UNPLACED_REASONS.get(u["reason"], u["reason"]),
            "detail": u["detail"],
        }
        for u in run.unplaced
    ]


@login_required
def event_schedule(request, pk: int):
    event = organised_event(request, pk)
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run = queue_schedule(
                actor=request.user, event=event, allow_moves=form.cleaned_data["allow_moves"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            run.refresh_from_db()
            if run.status == RunStatus.DONE:
                messages.success(
                    request,
                    _("The scheduler placed %(n)s meetings.") % {"n": run.meetings},
                )
            elif run.status == RunStatus.FAILED:
                messages.error(request, _("The scheduler could not run: %(e)s") % {"e": run.error})
            else:
                messages.success(request, _("The scheduler is running; reload in a moment."))
        return redirect("event_schedule", pk=event.pk)
    run = latest_run(event)
    context = {
        "nav": "events",
        "event": event,
        "form": form,
        "check": capacity_check(event),
        "run": run,
        "unplaced": _unplaced(run),
        "gap_percent": None if run is None or run.gap is None else round(run.gap * 100, 2),
    }
    return render(request, "events/schedule.html", context)


@login_required
@require_POST
def event_booking(request, pk: int):
    event = organised_event(request, pk)
    open_ = request.POST.get("open") == "1"
    if open_:
        for warning in capacity_check(event).warnings:
            messages.warning(request, warning)
    return act(
        request,
        lambda: set_booking(actor=request.user, event=event, open_=open_),
        _("Meeting requests are open.") if open_ else _("Meeting requests are closed."),
        reverse("event_schedule", args=[event.pk]),
    )


@login_required
def event_tables(request, pk: int):
    """The table plan: every slot, every table, who meets there; check-in and no-shows."""
    event = organised_event(request, pk)
    with timezone.override(zone(event)):
        rows = table_plan(event)
        arrivals = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
            .select_related("person", "organization")
            .order_by("organization__slug", "pk")
        )
        return render(
            request,
            "events/tables.html",
            {
                "nav": "events",
                "event": event,
                "rows": rows,
                "width": range(1, (len(rows[0].tables) if rows else 0) + 1),
                "arrivals": arrivals,
                "attendance": Attendance,
            },
        )


@login_required
@require_POST
def meeting_attendance(request, meeting_id: int):
    meeting = get_visible(
        Meeting.objects.select_related("event", "request__sender", "request__recipient"),
        pk=meeting_id,
    )
    organised_event(request, meeting.event_id)
    form = AttendanceForm(request.POST)
    back = reverse("event_tables", args=[meeting.event_id]) + f"#meeting-{meeting.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose an attendance."))
        return redirect(back)
    side_id = form.cleaned_data["no_show_by"]
    sides = {r.pk: r for r in (meeting.request.sender, meeting.request.recipient)}
    return act(
        request,
        lambda: mark_attendance(
            actor=request.user,
            meeting=meeting,
            attendance=form.cleaned_data["attendance"],
            no_show_by=sides.get(side_id) if side_id else None,
        ),
        _("The meeting was updated."),
        back,
    )


@login_required
@require_POST
def registration_check_in(request, registration_id: int):
    reg = get_visible(Registration.objects.select_related("event"), pk=registration_id)
    organised_event(request, reg.event_id)
    present = request.POST.get("present", "1") == "1"
    return act(
        request,
        lambda: check_in(actor=request.user, registration=reg, present=present),
        _("Check-in recorded."),
        reverse("event_tables", args=[reg.event_id]),
    )
