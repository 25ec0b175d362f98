"""The list of events, an event's page, creating and editing events, the agenda.

Interpreters have their own pages (``views/interpreters.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.common.concurrency import EditConflictError
from sanxin.directory.domain.access import visible_alliances
from sanxin.directory.models import Alliance
from sanxin.events.domain.access import can_organise, my_registration
from sanxin.events.domain.events import (
    add_session,
    create_event,
    set_event_status,
    update_event,
)
from sanxin.events.domain.queries import pending_registrations, search_events
from sanxin.events.domain.slots import event_slots, zone
from sanxin.events.enums import EventStatus, RegistrationStatus
from sanxin.events.interfaces.forms import (
    EventForm,
    NewEventForm,
    SessionForm,
    apply_errors,
)
from sanxin.events.views.helpers import act, ev, event_for, organised_event, paginate


def event_list(request):
    v = ev(request)
    q = request.GET.get("q", "")[:200]
    page = paginate(request, search_events(v, q))
    context = {"nav": "events", "page": page, "q": q, "can_create": v.is_organiser_somewhere}
    if request.htmx:
        return render(request, "events/_event_results.html", context)
    return render(request, "events/event_list.html", context)


def event_detail(request, pk: int):
    v = ev(request)
    event = event_for(request, pk)
    organiser = can_organise(v, event)
    registration = my_registration(v, event)
    with timezone.override(zone(event)):
        sessions = list(event.sessions.prefetch_related("speakers"))
    context = {
        "nav": "events",
        "event": event,
        "organiser": organiser,
        "registration": registration,
        "approved": registration is not None and registration.status == RegistrationStatus.APPROVED,
        "sessions": sessions,
        "slots": event_slots(event),
        "interpreters": list(event.interpreters.all()) if organiser else [],
        "pending": list(pending_registrations(event)) if organiser else [],
        "statuses": EventStatus,
    }
    return render(request, "events/event_detail.html", context)


def _edit(request, event=None):
    v = ev(request)
    alliances = (
        visible_alliances(v.base) if v.is_admin else Alliance.objects.filter(pk__in=v.organiser_of)
    ).order_by("slug")
    if event is None and not v.is_organiser_somewhere:
        raise PermissionDenied
    if request.method == "POST":
        form = (
            NewEventForm(request.POST, alliances=alliances)
            if event is None
            else EventForm(request.POST, instance=event)
        )
        if form.is_valid():
            data = form.data_for_domain()
            try:
                if event is None:
                    saved = create_event(actor=request.user, data=data)
                else:
                    saved = update_event(
                        actor=request.user,
                        event=event,
                        data=data,
                        expected_version=form.expected_version(),
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            except EditConflictError as conflict:
                # What the user typed stays in the form; saving again now overrides on purpose.
                form.add_error(None, conflict.message())
                form.show_current_version(conflict.current)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("event_detail", pk=saved.pk)
        messages.error(request, _("The event was not saved. Please correct the errors below."))
    else:
        form = NewEventForm(alliances=alliances) if event is None else EventForm(instance=event)
    return render(
        request, "events/event_edit.html", {"nav": "events", "form": form, "event": event}
    )


@login_required
def event_create(request):
    return _edit(request)


@login_required
def event_edit(request, pk: int):
    event = organised_event(request, pk)
    with timezone.override(zone(event)):  # the request deadline is in the event's time zone
        return _edit(request, event)


@login_required
@require_POST
def event_status(request, pk: int):
    event = organised_event(request, pk)
    status = request.POST.get("status", "")
    return act(
        request,
        lambda: set_event_status(actor=request.user, event=event, status=status),
        _("The event's status was changed."),
        reverse("event_detail", args=[event.pk]),
    )


def _part_form(request, event, form, save, title):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("event_detail", pk=event.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return render(
        request,
        "events/part_form.html",
        {"nav": "events", "event": event, "form": form, "title": title},
    )


@login_required
def session_add(request, pk: int):
    event = organised_event(request, pk)
    with timezone.override(zone(event)):
        form = SessionForm(request.POST if request.method == "POST" else None)

        def save(f):
            data = dict(f.cleaned_data)
            speakers = data.pop("speakers")
            add_session(actor=request.user, event=event, data=data, speakers=speakers)

        return _part_form(request, event, form, save, _("Add an agenda session"))
