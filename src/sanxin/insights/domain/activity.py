"""The dashboard's activity figures: event outcomes and member activity in the scope.

Like the rest of ``figures``, each is a fixed few grouped queries over what the viewer may see;
meeting and outcome counts are shown to an event's organisers only (as on the event report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from sanxin.directory.domain.access import Viewer, visible_offers, visible_organizations
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership
from sanxin.events.domain.access import can_organise
from sanxin.events.enums import Attendance, MeetingStatus, OutcomeResult, RegistrationStatus
from sanxin.events.models import Meeting, Outcome, Registration
from sanxin.insights.domain.scope import (
    Scope,
    active_member_ids,
    alliance_events,
    event_viewer_of,
    period_bounds,
)

#: Events listed on a dashboard (the latest in the period).
MAX_EVENTS = 20


@dataclass(frozen=True)
class EventRow:
    pk: int
    title: str
    start_date: dt.date
    end_date: dt.date
    projects: int
    # Registrations, meetings and outcomes are the organisers' business (as on the event
    # report): None for everyone else.
    registrations: int | None = None
    held: int | None = None
    outcomes: dict[str, int] | None = None


@dataclass(frozen=True)
class Members:
    members: int
    confirmed_recently: int
    stale: int
    never_confirmed: int
    updated_in_period: int
    joined_in_period: int
    offers_in_period: int
    stale_after_days: int


def event_outcomes(viewer: Viewer, scope: Scope, projects: QuerySet) -> tuple[list[EventRow], bool]:
    """The alliance's events in the period (or the scope's event), with their outcomes."""
    ev = event_viewer_of(viewer)
    events = alliance_events(viewer, scope.alliance)
    if scope.event is not None:
        events = events.filter(pk=scope.event.pk)
    else:
        events = events.filter(start_date__lte=scope.end, end_date__gte=scope.start)
    events = list(events[:MAX_EVENTS])
    ids = [e.pk for e in events]
    launched = dict(
        Outcome.objects.filter(meeting__event_id__in=ids, project_id__in=projects.values("pk"))
        .values_list("meeting__event_id")
        .annotate(n=Count("project_id", distinct=True))
        .order_by()
    )
    organiser = ev.is_admin or scope.alliance.pk in ev.organiser_of
    if not organiser or not all(can_organise(ev, e) for e in events):
        rows = [
            EventRow(e.pk, e.title, e.start_date, e.end_date, launched.get(e.pk, 0)) for e in events
        ]
        return rows, False
    regs = dict(
        Registration.objects.filter(event_id__in=ids, status=RegistrationStatus.APPROVED)
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    held = dict(
        Meeting.objects.filter(
            event_id__in=ids, status=MeetingStatus.PUBLISHED, attendance=Attendance.HELD
        )
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    outcomes: dict[int, dict[str, int]] = {}
    for event_id, result, n in (
        Outcome.objects.filter(meeting__event_id__in=ids)
        .values_list("meeting__event_id", "result")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        outcomes.setdefault(event_id, {})[result] = n
    rows = [
        EventRow(
            e.pk,
            e.title,
            e.start_date,
            e.end_date,
            launched.get(e.pk, 0),
            regs.get(e.pk, 0),
            held.get(e.pk, 0),
            {key: outcomes.get(e.pk, {}).get(key, 0) for key in OutcomeResult.values},
        )
        for e in events
    ]
    return rows, True


def member_activity(viewer: Viewer, scope: Scope) -> Members:
    """Active members the viewer may see: profile freshness and activity in the period."""
    start, end = period_bounds(scope)
    orgs = visible_organizations(viewer).filter(pk__in=active_member_ids(scope.alliance))
    if scope.country:
        orgs = orgs.filter(country=scope.country)
    if scope.province is not None:
        orgs = orgs.filter(Q(province=scope.province) | Q(province__successor=scope.province))
    days = settings.SANXIN_STALE_AFTER_DAYS
    fresh_since = scope.end - dt.timedelta(days=days)
    counts = orgs.aggregate(
        members=Count("pk"),
        recent=Count("pk", filter=Q(last_confirmed__gte=fresh_since)),
        never=Count("pk", filter=Q(last_confirmed__isnull=True)),
        updated=Count("pk", filter=Q(updated__gte=start, updated__lt=end)),
    )
    joined = Membership.objects.filter(
        alliance=scope.alliance,
        status=MembershipStatus.ACTIVE,
        organization__in=orgs.values("pk"),
        since__gte=scope.start,
        since__lte=scope.end,
    ).count()
    offers = (
        visible_offers(viewer)
        .filter(organization__in=orgs.values("pk"), created__gte=start, created__lt=end)
        .count()
    )
    return Members(
        members=counts["members"],
        confirmed_recently=counts["recent"],
        stale=counts["members"] - counts["recent"] - counts["never"],
        never_confirmed=counts["never"],
        updated_in_period=counts["updated"],
        joined_in_period=joined,
        offers_in_period=offers,
        stale_after_days=days,
    )
