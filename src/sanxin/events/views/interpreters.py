"""An event's interpreters, for its organisers: the list, add, edit (language pair and the
slots they are not available in), remove after a confirmation."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sanxin.events.domain.interpreters import (
    add_interpreter,
    event_interpreters,
    published_meetings,
    remove_interpreter,
    update_interpreter,
)
from sanxin.events.domain.slots import Slot, event_slots
from sanxin.events.enums import SPOKEN_LANGUAGES
from sanxin.events.interfaces.forms import InterpreterForm, apply_errors
from sanxin.events.models import Event, Interpreter
from sanxin.events.views.helpers import organised_event


def _language_names() -> dict[str, str]:
    return {code: str(label) for code, label in SPOKEN_LANGUAGES}


def _interpreter(request, pk: int, interpreter_id: int) -> tuple[Event, Interpreter]:
    """An interpreter of an event the viewer organises (404 for another event's)."""
    event = organised_event(request, pk)
    item = get_object_or_404(Interpreter.objects.filter(event=event), pk=interpreter_id)
    item.event = event
    return event, item


@login_required
def interpreter_list(request, pk: int):
    event = organised_event(request, pk)
    keys = {slot.key for slot in event_slots(event)}
    names = _language_names()
    rows = [
        {
            "item": item,
            "pair": (
                names.get(item.language_a, item.language_a),
                names.get(item.language_b, item.language_b),
            ),
            "unavailable": len(set(item.unavailable or []) & keys),
        }
        for item in event_interpreters(event)
    ]
    return render(
        request,
        "events/interpreters.html",
        {"nav": "events", "event": event, "rows": rows, "slot_count": len(keys), "organiser": True},
    )


def _days(slots: list[Slot], chosen: set[str]) -> list[tuple[object, list[tuple[Slot, bool]]]]:
    """The slots grouped by day, each with whether it is ticked."""
    return [
        (day, [(slot, slot.key in chosen) for slot in group])
        for day, group in groupby(slots, key=lambda s: s.day)
    ]


def _form_page(request, event: Event, item: Interpreter | None):
    slots = event_slots(event)
    form = InterpreterForm(
        request.POST if request.method == "POST" else None,
        instance=item or Interpreter(event=event),
        slots=slots,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.data_for_domain()
            try:
                if item is None:
                    add_interpreter(actor=request.user, event=event, data=data)
                else:
                    update_interpreter(actor=request.user, interpreter=item, data=data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The interpreter was saved."))
                return redirect("interpreter_list", pk=event.pk)
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    chosen = form["unavailable"].value() or []
    return render(
        request,
        "events/interpreter_form.html",
        {
            "nav": "events",
            "event": event,
            "form": form,
            "item": item,
            "days": _days(slots, {str(k) for k in chosen}),
        },
    )


@login_required
def interpreter_add(request, pk: int):
    return _form_page(request, organised_event(request, pk), None)


@login_required
def interpreter_edit(request, pk: int, interpreter_id: int):
    event, item = _interpreter(request, pk, interpreter_id)
    return _form_page(request, event, item)


@login_required
def interpreter_remove(request, pk: int, interpreter_id: int):
    """GET asks to confirm; POST removes (refused while they interpret a published meeting)."""
    event, item = _interpreter(request, pk, interpreter_id)
    if request.method == "POST":
        try:
            remove_interpreter(actor=request.user, interpreter=item)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The interpreter was removed."))
        return redirect("interpreter_list", pk=event.pk)
    meetings = published_meetings(item).count()
    return render(
        request,
        "events/interpreter_remove.html",
        {"nav": "events", "event": event, "item": item, "meetings": meetings},
    )
