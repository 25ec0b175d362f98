"""Registering, the participant list, meeting requests and answering them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.common.page_cache import cached_per_viewer
from sanxin.events.domain.access import (
    acts_for,
    can_organise,
    my_registration,
    visible_registrations,
    visible_requests,
)
from sanxin.events.domain.queries import my_party, participants, requests_of_party, requests_shown
from sanxin.events.domain.registrations import (
    approve_registration,
    cancel_registration,
    decline_registration,
    register,
    update_registration,
)
from sanxin.events.domain.request_list import list_rows
from sanxin.events.domain.requests import (
    accept_request,
    decline_request,
    send_request,
    withdraw_request,
)
from sanxin.events.domain.slots import event_slots
from sanxin.events.enums import RegistrationStatus
from sanxin.events.interfaces.forms import RegistrationForm, RequestForm, apply_errors
from sanxin.events.models.request_generations import reading_requests_of
from sanxin.events.views.helpers import act, ev, event_for, get_visible, paginate


@login_required
def event_register(request, pk: int):
    """Register, or change one's participant profile once registered."""
    event = event_for(request, pk)
    registration = my_registration(ev(request), event)
    initial = {}
    if registration is not None:
        initial = {
            "listed": registration.listed,
            "offers": registration.offers,
            "seeks": registration.seeks,
            "languages": registration.languages,
            "interpreter_needed": registration.interpreter_needed,
            "in_delegation": registration.delegation_id is not None,
            "unavailable": registration.unavailable,
            "max_meetings": registration.max_meetings,
        }
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        slots=event_slots(event),
    )
    if request.method == "POST" and form.is_valid():
        data, together = form.profile()
        try:
            if registration is None:
                saved = register(actor=request.user, event=event, data=data, in_delegation=together)
            else:
                saved = update_registration(
                    actor=request.user,
                    registration=registration,
                    data=data,
                    in_delegation=together,
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved.status == RegistrationStatus.PENDING:
                messages.success(
                    request, _("Thank you. The organisers will confirm your registration.")
                )
            else:
                messages.success(request, _("You are registered."))
            return redirect("event_detail", pk=event.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return render(
        request,
        "events/register.html",
        {"nav": "events", "event": event, "form": form, "registration": registration},
    )


@login_required
@require_POST
def registration_answer(request, registration_id: int, action: str):
    """The organiser approves or declines a guest; the person cancels their own registration."""
    v = ev(request)
    reg = get_visible(visible_registrations(v).select_related("event"), pk=registration_id)
    functions = {
        "approve": approve_registration,
        "decline": decline_registration,
        "cancel": cancel_registration,
    }
    if action not in functions:
        raise PermissionDenied
    if action == "cancel":
        if not (acts_for(v, reg) or can_organise(v, reg.event)):
            raise PermissionDenied
    elif not can_organise(v, reg.event):
        raise PermissionDenied
    return act(
        request,
        lambda: functions[action](actor=request.user, registration=reg),
        _("The registration was updated."),
        reverse("event_detail", args=[reg.event_id]),
    )


@cached_per_viewer
def event_participants(request, pk: int):
    """The participants who agreed to be listed (only for participants and alliance members)."""
    v = ev(request)
    event = event_for(request, pk)
    q = request.GET.get("q", "")[:200]
    page = paginate(request, participants(v, event, q))
    mine = my_registration(v, event)
    may_request = (
        event.booking_open and mine is not None and mine.status == RegistrationStatus.APPROVED
    )
    context = {
        "nav": "events",
        "event": event,
        "page": page,
        "q": q,
        "mine": mine,
        "may_request": may_request,
        "organiser": can_organise(v, event),
    }
    if request.htmx:
        return render(request, "events/_participant_results.html", context)
    return render(request, "events/participants.html", context)


@login_required
def request_create(request, pk: int, registration_id: int):
    v = ev(request)
    event = event_for(request, pk)
    recipient = get_visible(
        visible_registrations(v).filter(event=event).select_related("person", "organization"),
        pk=registration_id,
    )
    mine = my_registration(v, event)
    if mine is None:
        raise PermissionDenied
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            send_request(
                actor=request.user,
                sender=mine,
                recipient=recipient,
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent."))
            return redirect("event_requests", pk=event.pk)
    if request.method == "POST":
        messages.error(request, _("The request was not sent."))
    return render(
        request,
        "events/request_form.html",
        {"nav": "events", "event": event, "form": form, "recipient": recipient},
    )


@login_required
@cached_per_viewer
def event_requests(request, pk: int):
    """My requests, sent and received (organisers: every request of the event)."""
    v = ev(request)
    event = event_for(request, pk)
    party = my_party(v, event)
    shown = requests_shown(v, event, party)
    # a participant's cached list is drawn again only when a request of their party changes
    with reading_requests_of(shown):
        page = paginate(request, requests_of_party(event, shown))
        page.object_list = list_rows(list(page.object_list), party)
    return render(
        request,
        "events/requests.html",
        {"nav": "events", "event": event, "page": page, "organiser": can_organise(v, event)},
    )


@login_required
@require_POST
def request_answer(request, request_id: int, action: str):
    v = ev(request)
    item = get_visible(visible_requests(v).select_related("event"), pk=request_id)
    functions = {"accept": accept_request, "decline": decline_request, "withdraw": withdraw_request}
    if action not in functions:
        raise PermissionDenied
    side = item.sender if action == "withdraw" else item.recipient
    if not acts_for(v, side) and not (action == "withdraw" and can_organise(v, item.event)):
        raise PermissionDenied
    done = {
        "accept": _("You accepted the request."),
        "decline": _("You declined the request."),
        "withdraw": _("The request was withdrawn."),
    }[action]
    return act(
        request,
        lambda: functions[action](actor=request.user, request=item),
        done,
        reverse("event_requests", args=[item.event_id]),
    )
