"""Who sees which events, participants, requests and meetings, and who may act on them.

Built on the directory's viewer (``directory/domain/access.py``). Guests (people without a
member organization) are anonymous to the directory, but they may register for an event, so the
events app also keeps the signed-in person's id (``EventViewer.person_id``).

- **Events**: a published public event is seen by everyone; a published alliance event by the
  active members of the organizing alliance; any published event by the people registered for
  it; drafts and cancelled events only by the organisers. **Organisers** are the secretariat of
  the organizing alliance and platform admins.
- **Participants**: a person sees their own registration; others appear only with their
  consent (``listed``), once approved, and only to people registered (approved) for the event
  or active members of the organizing alliance who may see the event. Organisers see everyone.
- **Requests**: only their two parties (a delegation is one party) and the organisers.
- **Meetings and outcomes**: the people at the table and the organisers; an outcome only to its
  own side and the organisers.

Every queryset fails closed: an unknown viewer sees public published events only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sanxin.directory.domain.access import ANONYMOUS, Viewer, viewer_for
from sanxin.events.enums import EventAudience, EventStatus, RegistrationStatus
from sanxin.events.models import Event, Meeting, MeetingRequest, Outcome, Registration

_CACHE_ATTR = "_sanxin_event_viewer"


@dataclass(frozen=True)
class EventViewer:
    base: Viewer = ANONYMOUS
    person_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.person_id is not None

    @property
    def is_admin(self) -> bool:
        return self.base.is_admin

    @property
    def organiser_of(self) -> frozenset[int]:
        return self.base.secretariat_alliance_ids

    @property
    def is_organiser_somewhere(self) -> bool:
        return self.is_admin or bool(self.organiser_of)


def event_viewer(user: object) -> EventViewer:
    """The events viewer of a request's user (guests included); computed once per user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return EventViewer()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_active", False):
        return EventViewer()
    ev = EventViewer(base=viewer_for(user), person_id=user.pk)
    setattr(user, _CACHE_ATTR, ev)
    return ev


def _my_registrations(ev: EventViewer) -> QuerySet:
    return Registration.objects.filter(person_id=ev.person_id)


def _my_party_registrations(ev: EventViewer) -> QuerySet:
    """The viewer's registrations and those of the delegations the viewer belongs to."""
    delegations = _my_registrations(ev).filter(delegation__isnull=False).values("delegation_id")
    return Registration.objects.filter(
        Q(person_id=ev.person_id) | Q(delegation_id__in=delegations)
    ).values("pk")


def event_condition(ev: EventViewer, prefix: str = "") -> Q:
    p = prefix
    published = Q(**{f"{p}status": EventStatus.PUBLISHED})
    cond = published & Q(**{f"{p}audience": EventAudience.PUBLIC})
    if ev.base.alliance_ids:
        cond |= published & Q(**{f"{p}alliance_id__in": ev.base.alliance_ids})
    if ev.person_id is not None:
        cond |= published & Q(**{f"{p}pk__in": _my_registrations(ev).values("event_id")})
    if ev.organiser_of:
        cond |= Q(**{f"{p}alliance_id__in": ev.organiser_of})
    return cond


def visible_events(ev: EventViewer) -> QuerySet[Event]:
    if ev.is_admin:
        return Event.objects.all()
    return Event.objects.filter(event_condition(ev))


def visible_registrations(ev: EventViewer) -> QuerySet[Registration]:
    """Registrations the viewer may see: the participant list with consent, and their own."""
    if ev.is_admin:
        return Registration.objects.all()
    if ev.person_id is None:
        return Registration.objects.none()
    approved_at = _my_registrations(ev).filter(status=RegistrationStatus.APPROVED)
    may_see_list = Q(event_id__in=approved_at.values("event_id"))
    if ev.base.alliance_ids:
        may_see_list |= Q(event__alliance_id__in=ev.base.alliance_ids)
    cond = Q(person_id=ev.person_id) | Q(pk__in=_my_party_registrations(ev))
    cond |= (
        Q(status=RegistrationStatus.APPROVED, listed=True)
        & may_see_list
        & event_condition(ev, "event__")
    )
    if ev.organiser_of:
        cond |= Q(event__alliance_id__in=ev.organiser_of)
    return Registration.objects.filter(cond)


def visible_requests(ev: EventViewer) -> QuerySet[MeetingRequest]:
    if ev.is_admin:
        return MeetingRequest.objects.all()
    if ev.person_id is None:
        return MeetingRequest.objects.none()
    mine = _my_party_registrations(ev)
    cond = Q(sender_id__in=mine) | Q(recipient_id__in=mine)
    if ev.organiser_of:
        cond |= Q(event__alliance_id__in=ev.organiser_of)
    return MeetingRequest.objects.filter(cond)


def visible_meetings(ev: EventViewer) -> QuerySet[Meeting]:
    if ev.is_admin:
        return Meeting.objects.all()
    if ev.person_id is None:
        return Meeting.objects.none()
    mine = _my_party_registrations(ev)
    cond = Q(request__sender_id__in=mine) | Q(request__recipient_id__in=mine)
    if ev.organiser_of:
        cond |= Q(event__alliance_id__in=ev.organiser_of)
    return Meeting.objects.filter(cond)


def visible_outcomes(ev: EventViewer) -> QuerySet[Outcome]:
    if ev.is_admin:
        return Outcome.objects.all()
    if ev.person_id is None:
        return Outcome.objects.none()
    cond = Q(registration_id__in=_my_party_registrations(ev))
    if ev.organiser_of:
        cond |= Q(meeting__event__alliance_id__in=ev.organiser_of)
    return Outcome.objects.filter(cond)


# --- powers -------------------------------------------------------------------------------


def can_organise(ev: EventViewer, event: Event) -> bool:
    return ev.is_admin or event.alliance_id in ev.organiser_of


def can_create_event_for(ev: EventViewer, alliance) -> bool:
    return ev.is_admin or alliance.pk in ev.organiser_of


def acts_for(ev: EventViewer, registration: Registration) -> bool:
    """The viewer is this registration's person, or in the same delegation."""
    if ev.person_id is None:
        return False
    if registration.person_id == ev.person_id:
        return True
    return (
        registration.delegation_id is not None
        and Registration.objects.filter(
            person_id=ev.person_id, delegation_id=registration.delegation_id
        ).exists()
    )


def can_view_event(ev: EventViewer, event: Event) -> bool:
    return visible_events(ev).filter(pk=event.pk).exists()


def is_member_of_organiser(ev: EventViewer, event: Event) -> bool:
    """An active member of the organizing alliance (registers as a member, not a guest)."""
    return event.alliance_id in ev.base.alliance_ids or event.alliance_id in ev.organiser_of


def my_registration(ev: EventViewer, event: Event) -> Registration | None:
    if ev.person_id is None:
        return None
    return (
        Registration.objects.filter(event=event, person_id=ev.person_id)
        .select_related("organization", "delegation")
        .first()
    )
