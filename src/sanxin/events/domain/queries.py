"""Read queries of the events app: lists, the participant list, agendas, the table plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sanxin.directory.domain.queries import _text_condition
from sanxin.events.domain.access import (
    EventViewer,
    _my_party_registrations,
    visible_events,
    visible_meetings,
    visible_registrations,
)
from sanxin.events.enums import MeetingStatus, RegistrationStatus
from sanxin.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun

REGISTRATION_RELATED = ("person", "organization", "delegation__organization")
REQUEST_RELATED = (
    "sender__person",
    "sender__organization",
    "recipient__person",
    "recipient__organization",
)
MEETING_RELATED = (
    "interpreter",
    *(f"request__{r}" for r in REQUEST_RELATED),
)


def search_events(ev: EventViewer, q: str = "", *, upcoming: bool = False) -> QuerySet[Event]:
    qs = visible_events(ev)
    if q.strip():
        words = q.strip()
        qs = qs.filter(
            Q(title_en__icontains=words)
            | Q(title_zh__icontains=words)
            | Q(title_vi__icontains=words)
            | Q(venue__icontains=words)
        )
    return (
        qs.select_related("alliance")
        .annotate(
            participant_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.APPROVED),
                distinct=True,
            )
        )
        .order_by("-start_date", "-id")
    )


def participants(ev: EventViewer, event: Event, q: str = "") -> QuerySet[Registration]:
    """The approved participants the viewer may see (consent), their profiles searchable."""
    qs = visible_registrations(ev).filter(event=event, status=RegistrationStatus.APPROVED)
    if q.strip():
        qs = qs.filter(
            Q(offers__icontains=q)
            | Q(seeks__icontains=q)
            | Q(person__display_name__icontains=q)
            | Q(organization__in=_orgs_matching(q))
        )
    return qs.select_related(*REGISTRATION_RELATED).order_by("organization__slug", "pk")


def _orgs_matching(q: str):
    from sanxin.directory.models import Organization  # noqa: PLC0415

    return Organization.objects.filter(_text_condition(q)).values("pk")


def pending_registrations(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.PENDING)
        .select_related(*REGISTRATION_RELATED)
        .order_by("created", "pk")
    )


def event_requests(ev: EventViewer, event: Event) -> QuerySet[MeetingRequest]:
    """The event's requests the viewer may see (``visible_requests``), newest first, with
    their parties (prefetched for the rows read)."""
    requests = requests_of_party(event, requests_shown(ev, event, my_party(ev, event)))
    # the page's rows first, then their parties: joining people and organizations before the
    # LIMIT would join every request of the party (hundreds at a busy event)
    parties = Registration.objects.select_related("person", "organization")
    return requests.prefetch_related(
        Prefetch("sender", queryset=parties), Prefetch("recipient", queryset=parties)
    )


def my_party(ev: EventViewer, event: Event) -> list[int]:
    """The viewer's registration at the event and their delegation's, as ids.

    Read first as a short list, so the database finds a party's requests through the sender
    and recipient indexes instead of testing every request of a busy event against a subquery;
    it is also what a participant's cached list of requests depends on
    (``models.request_generations``).
    """
    if ev.person_id is None:
        return []
    return [row["pk"] for row in _my_party_registrations(ev).filter(event=event)]


def requests_shown(ev: EventViewer, event: Event, party: list[int]) -> list[int] | None:
    """Whose requests the viewer sees at the event: their party's (None: every request, for
    organisers and admins)."""
    return None if ev.is_admin or event.alliance_id in ev.organiser_of else party


def requests_of_party(event: Event, party: list[int] | None) -> QuerySet[MeetingRequest]:
    """The event's requests sent or received by ``party`` (None: all), newest first (their
    parties not read: ``request_list.list_rows`` reads them for a page's rows)."""
    requests = MeetingRequest.objects.filter(event=event)
    if party is not None:
        requests = requests.filter(Q(sender_id__in=party) | Q(recipient_id__in=party))
    return requests.order_by("-created", "-pk")


def event_meetings(ev: EventViewer, event: Event) -> QuerySet[Meeting]:
    return (
        visible_meetings(ev)
        .filter(event=event, status=MeetingStatus.PUBLISHED)
        .select_related(*MEETING_RELATED)
        .order_by("starts", "table", "pk")
    )


def my_meetings(ev: EventViewer, event: Event) -> QuerySet[Meeting]:
    """The viewer's own meetings (their party's), even when the viewer is an organiser."""
    if ev.person_id is None:
        return Meeting.objects.none()
    mine = _my_party_registrations(ev)
    return (
        Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED)
        .filter(Q(request__sender_id__in=mine) | Q(request__recipient_id__in=mine))
        .select_related(*MEETING_RELATED)
        .prefetch_related("outcomes")
        .order_by("starts", "table", "pk")
    )


def latest_run(event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event).order_by("-created", "-pk").first()


@dataclass(frozen=True)
class TableRow:
    slot: str
    starts: object
    ends: object
    tables: list[Meeting | None]


def table_plan(event: Event) -> list[TableRow]:
    """Every slot with a meeting, and its tables 1..n (None where a table is free)."""
    meetings = (
        Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED)
        .select_related(*MEETING_RELATED)
        .order_by("starts", "table")
    )
    by_slot: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_slot[meeting.slot].append(meeting)
    rows = []
    width = max([event.tables_per_slot, *(m.table for ms in by_slot.values() for m in ms)])
    for slot, items in sorted(by_slot.items()):
        at = {m.table: m for m in items}
        rows.append(
            TableRow(
                slot=slot,
                starts=items[0].starts,
                ends=items[0].ends,
                tables=[at.get(t) for t in range(1, width + 1)],
            )
        )
    return rows
