"""A person's agenda (page, .ics, PDF), cancelling a meeting, outcomes, the event report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.events.domain.access import (
    _my_party_registrations,
    can_organise,
    my_registration,
    visible_meetings,
    visible_outcomes,
)
from sanxin.events.domain.meetings import cancel_meeting
from sanxin.events.domain.outcomes import (
    ACTIONABLE,
    outcome_to_follow_up,
    outcome_to_project,
    record_outcome,
    side_for,
)
from sanxin.events.domain.queries import MEETING_RELATED, my_meetings
from sanxin.events.domain.report import event_report
from sanxin.events.domain.slots import zone
from sanxin.events.interfaces.agenda import agenda_ics, agenda_items, agenda_pdf, other_side
from sanxin.events.interfaces.forms import (
    OutcomeFollowUpForm,
    OutcomeForm,
    OutcomeProjectForm,
    apply_errors,
)
from sanxin.events.views.helpers import act, ev, event_for, get_visible, organised_event
from sanxin.projects.domain.access import team_projects, visible_projects


def _agenda(request, pk: int):
    v = ev(request)
    event = event_for(request, pk)
    mine = set(_my_party_registrations(v).filter(event=event).values_list("pk", flat=True))
    meetings = list(my_meetings(v, event))
    sessions = list(event.sessions.prefetch_related("speakers"))
    return event, mine, meetings, agenda_items(event, meetings, sessions, mine)


@login_required
def event_agenda(request, pk: int):
    event, mine, _meetings, items = _agenda(request, pk)
    for item in items:
        if item.meeting is not None:
            item.meeting.other = other_side(item.meeting, mine)
            item.meeting.my_outcome = next(
                (o for o in item.meeting.outcomes.all() if o.registration_id in mine), None
            )
    with timezone.override(zone(event)):
        return render(
            request,
            "events/agenda.html",
            {
                "nav": "events",
                "event": event,
                "items": items,
                "registration": my_registration(ev(request), event),
                "organiser": can_organise(ev(request), event),
            },
        )


@login_required
def event_agenda_ics(request, pk: int):
    event, _mine, _meetings, items = _agenda(request, pk)
    response = HttpResponse(agenda_ics(event, items), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sanxin-event-{event.pk}.ics"'
    return response


@login_required
def event_agenda_pdf(request, pk: int):
    event, _mine, _meetings, items = _agenda(request, pk)
    org = request.user.organization
    label = f"{request.user} · {org.name}" if org else str(request.user)
    response = HttpResponse(agenda_pdf(event, label, items), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sanxin-agenda-{event.pk}.pdf"'
    return response


def _meeting(request, meeting_id: int):
    return get_visible(
        visible_meetings(ev(request)).select_related("event", *MEETING_RELATED), pk=meeting_id
    )


@login_required
@require_POST
def meeting_cancel(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    back = request.POST.get("back") == "tables" and can_organise(ev(request), meeting.event)
    return act(
        request,
        lambda: cancel_meeting(actor=request.user, meeting=meeting),
        _("The meeting was cancelled."),
        reverse("event_tables" if back else "event_agenda", args=[meeting.event_id]),
    )


@login_required
def meeting_outcome(request, meeting_id: int):
    """Record my side's outcome (organisers: either side's, with ``?side=``)."""
    v = ev(request)
    meeting = _meeting(request, meeting_id)
    side = side_for(request.user, meeting)
    if side is None and can_organise(v, meeting.event):
        wanted = request.GET.get("side") or request.POST.get("side")
        request_sides = (meeting.request.sender, meeting.request.recipient)
        side = next((r for r in request_sides if str(r.pk) == wanted), request_sides[0])
    if side is None:
        raise PermissionDenied
    existing = meeting.outcomes.filter(registration=side).first()
    initial = {"result": existing.result, "note": existing.note} if existing else {}
    form = OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = record_outcome(
                actor=request.user, meeting=meeting, registration=side, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            if outcome.result in ACTIONABLE:
                return redirect("outcome_detail", outcome_id=outcome.pk)
            return redirect("event_agenda", pk=meeting.event_id)
    return render(
        request,
        "events/outcome_form.html",
        {
            "nav": "events",
            "event": meeting.event,
            "meeting": meeting,
            "side": side,
            "form": form,
        },
    )


def _outcome(request, outcome_id: int):
    return get_visible(
        visible_outcomes(ev(request)).select_related(
            "meeting__event", "registration__organization", "project", "follow_up"
        ),
        pk=outcome_id,
    )


@login_required
def outcome_detail(request, outcome_id: int):
    """An outcome and what it led to; forms to launch a project or add a follow-up."""
    v = ev(request)
    outcome = _outcome(request, outcome_id)
    projects = visible_projects(v.base).filter(pk__in=team_projects(v.base).values("pk"))
    project_form = OutcomeProjectForm(
        request.POST if request.POST.get("make") == "project" else None,
        initial={"country": getattr(outcome.registration.organization, "country", "CN")},
        prefix="project",
    )
    follow_form = OutcomeFollowUpForm(
        request.POST if request.POST.get("make") == "follow_up" else None,
        projects=projects.order_by("-created"),
        prefix="follow",
    )
    if request.method == "POST":
        made = _make(request, outcome, project_form, follow_form)
        if made is not None:
            return made
    return render(
        request,
        "events/outcome_detail.html",
        {
            "nav": "events",
            "event": outcome.meeting.event,
            "outcome": outcome,
            "actionable": outcome.result in ACTIONABLE,
            "project_form": project_form,
            "follow_form": follow_form,
        },
    )


def _make(request, outcome, project_form, follow_form):
    try:
        if request.POST.get("make") == "project" and project_form.is_valid():
            project = outcome_to_project(
                actor=request.user, outcome=outcome, data=dict(project_form.cleaned_data)
            )
            messages.success(request, _("The project was launched."))
            return redirect("project_detail", pk=project.pk)
        if request.POST.get("make") == "follow_up" and follow_form.is_valid():
            outcome_to_follow_up(actor=request.user, outcome=outcome, **follow_form.cleaned_data)
            messages.success(request, _("The follow-up action was added."))
            return redirect("outcome_detail", outcome_id=outcome.pk)
    except ValidationError as exc:
        apply_errors(project_form if request.POST.get("make") == "project" else follow_form, exc)
    messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return None


@login_required
def event_report_view(request, pk: int):
    event = organised_event(request, pk)
    return render(
        request,
        "events/report.html",
        {"nav": "events", "event": event, "report": event_report(ev(request), event)},
    )
