"""The event report: registrations, meetings held, no-shows, outcomes, projects launched and
the landing ratios of those projects (``projects/domain/landing.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from sanxin.events.domain.access import EventViewer
from sanxin.events.enums import Attendance, MeetingStatus, OutcomeResult, RegistrationStatus
from sanxin.events.models import Event, Meeting, MeetingRequest, Outcome, Registration
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.domain.landing import LandingRatios, landing_ratios
from sanxin.projects.models import Project


@dataclass(frozen=True)
class EventReport:
    registrations: int
    checked_in: int
    requests: dict[str, int]
    meetings: int
    held: int
    no_shows: int
    cancelled: int
    outcomes: dict[str, int]
    projects: list[Project]
    ratios: LandingRatios
    follow_ups: int


def event_report(ev: EventViewer, event: Event) -> EventReport:
    regs = Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
    reg_counts = regs.aggregate(
        n=Count("pk"), checked=Count("pk", filter=Q(checked_in__isnull=False))
    )
    requests = dict(
        MeetingRequest.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    meetings = Meeting.objects.filter(event=event).aggregate(
        published=Count("pk", filter=Q(status=MeetingStatus.PUBLISHED)),
        held=Count("pk", filter=Q(status=MeetingStatus.PUBLISHED, attendance=Attendance.HELD)),
        no_shows=Count(
            "pk", filter=Q(status=MeetingStatus.PUBLISHED, attendance=Attendance.NO_SHOW)
        ),
        cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    )
    outcome_rows = Outcome.objects.filter(meeting__event=event)
    outcomes = dict(outcome_rows.values_list("result").annotate(n=Count("pk")).order_by())
    launched = visible_projects(ev.base).filter(
        pk__in=outcome_rows.filter(project__isnull=False).values("project_id")
    )
    return EventReport(
        registrations=reg_counts["n"],
        checked_in=reg_counts["checked"],
        requests=requests,
        meetings=meetings["published"],
        held=meetings["held"],
        no_shows=meetings["no_shows"],
        cancelled=meetings["cancelled"],
        outcomes={key: outcomes.get(key, 0) for key in OutcomeResult.values},
        projects=list(launched.select_related("owner").order_by("-created", "-pk")),
        ratios=landing_ratios(launched),
        follow_ups=outcome_rows.filter(follow_up__isnull=False).count(),
    )
