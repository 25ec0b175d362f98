"""django-rules predicates: the same powers as ``domain.access``, for ``user.has_perm``."""

import rules

from sanxin.events.domain import access


@rules.predicate
def can_view_event(user, event):
    return event is not None and access.can_view_event(access.event_viewer(user), event)


@rules.predicate
def can_organise(user, event):
    return event is not None and access.can_organise(access.event_viewer(user), event)


@rules.predicate
def acts_for_registration(user, registration):
    return registration is not None and access.acts_for(access.event_viewer(user), registration)


@rules.predicate
def can_view_request(user, request):
    ev = access.event_viewer(user)
    return request is not None and access.visible_requests(ev).filter(pk=request.pk).exists()


@rules.predicate
def can_view_meeting(user, meeting):
    ev = access.event_viewer(user)
    return meeting is not None and access.visible_meetings(ev).filter(pk=meeting.pk).exists()


rules.add_perm("events.view_event", can_view_event)
rules.add_perm("events.change_event", can_organise)
rules.add_perm("events.organise_event", can_organise)
rules.add_perm("events.change_registration", acts_for_registration)
rules.add_perm("events.view_meetingrequest", can_view_request)
rules.add_perm("events.view_meeting", can_view_meeting)
