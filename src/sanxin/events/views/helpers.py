"""Helpers shared by the events views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from sanxin.directory.views.helpers import get_visible, paginate
from sanxin.events.domain.access import (
    EventViewer,
    can_organise,
    event_viewer,
    visible_events,
)
from sanxin.events.models import Event

__all__ = ["act", "ev", "event_for", "get_visible", "organised_event", "paginate"]


def ev(request) -> EventViewer:
    return event_viewer(request.user)


def event_for(request, pk: int) -> Event:
    """An event the viewer may see, or 404 (never 403: do not reveal it exists)."""
    return get_visible(visible_events(ev(request)).select_related("alliance"), pk=pk)


def organised_event(request, pk: int) -> Event:
    """An event the viewer organises: 404 when hidden, 403 when only visible."""
    event = event_for(request, pk)
    if not can_organise(ev(request), event):
        raise PermissionDenied
    return event


def act(request, action: Callable[[], object], done: str, back: str):
    """Run a domain action for a small POST form: a message either way, then go ``back``."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)
