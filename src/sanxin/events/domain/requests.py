"""Meeting requests: send with a message and a priority; accept, decline, withdraw, expire.

Pending requests block nothing: only accepted requests go to the scheduler. The sender's quota
(``Event.max_requests_per_person``) counts their pending and accepted requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.events.domain.access import acts_for, can_organise
from sanxin.events.domain.common import acting, require
from sanxin.events.domain.notify import notify_people
from sanxin.events.enums import (
    LIVE_REQUEST_STATUSES,
    MeetingStatus,
    Priority,
    RegistrationStatus,
    RequestStatus,
)
from sanxin.events.models import Meeting, MeetingRequest, Registration


def _party_members(reg: Registration) -> list:
    """The people of a party: the delegation's members, else the registration's person."""
    if reg.delegation_id is None:
        return [reg.person]
    regs = Registration.objects.filter(
        delegation_id=reg.delegation_id, status=RegistrationStatus.APPROVED
    ).select_related("person")
    return [r.person for r in regs] or [reg.person]


def _party(reg: Registration) -> Q:
    """Registrations of the same party as ``reg`` (as a Q on a registration path)."""
    if reg.delegation_id is not None:
        return Q(delegation_id=reg.delegation_id)
    return Q(pk=reg.pk)


def _between(a: Registration, b: Registration) -> Q:
    a_ids = Registration.objects.filter(_party(a)).values("pk")
    b_ids = Registration.objects.filter(_party(b)).values("pk")
    return Q(sender_id__in=a_ids, recipient_id__in=b_ids) | Q(
        sender_id__in=b_ids, recipient_id__in=a_ids
    )


def _check_send(sender: Registration, recipient: Registration, now: dt.datetime) -> None:
    event = sender.event
    if recipient.event_id != event.pk:
        raise ValidationError({"recipient": _("Choose a participant of the same event.")})
    if not event.booking_open:
        raise ValidationError({"event": _("Meeting requests are not open for this event.")})
    if event.request_deadline is not None and now > event.request_deadline:
        raise ValidationError({"event": _("The deadline for meeting requests has passed.")})
    if sender.status != RegistrationStatus.APPROVED:
        raise ValidationError(
            {"sender": _("Your registration must be approved before you send requests.")}
        )
    if recipient.status != RegistrationStatus.APPROVED or not recipient.listed:
        raise ValidationError({"recipient": _("This participant cannot receive requests.")})
    if sender.party_key == recipient.party_key:
        raise ValidationError({"recipient": _("You cannot request a meeting with yourself.")})
    live = MeetingRequest.objects.filter(status__in=LIVE_REQUEST_STATUSES)
    if live.filter(_between(sender, recipient)).exists():
        raise ValidationError(
            {"recipient": _("There is already a request between you and this participant.")}
        )
    sent = live.filter(sender_id__in=Registration.objects.filter(_party(sender)).values("pk"))
    if sent.count() >= event.max_requests_per_person:
        raise ValidationError(
            {
                "recipient": _("You have used your %(n)s meeting requests for this event.")
                % {"n": event.max_requests_per_person}
            }
        )


@transaction.atomic
def send_request(
    *,
    actor: Any,
    sender: Registration,
    recipient: Registration,
    message: str = "",
    priority: str = Priority.WANT,
    match_score=None,
) -> MeetingRequest:
    ev = acting(actor)
    if ev is not None:
        require(acts_for(ev, sender) or can_organise(ev, sender.event))
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose must meet, want to meet or maybe.")})
    now = timezone.now()
    Registration.objects.select_for_update(of=("self",)).filter(
        pk=sender.pk
    ).first()  # serialise quotas
    _check_send(sender, recipient, now)
    event = sender.event
    expires = now + dt.timedelta(days=event.request_expiry_days)
    if event.request_deadline is not None:
        expires = min(expires, event.request_deadline)
    item = MeetingRequest.objects.create(
        event=event,
        sender=sender,
        recipient=recipient,
        message=message.strip()[:2000],
        priority=priority,
        match_score=match_score,
        expires=expires,
    )
    log_action(
        "sanxin.event.request.sent",
        actor=actor,
        obj=item,
        new={"sender": sender.pk, "recipient": recipient.pk, "priority": priority},
    )
    sender_name = str(sender.person)

    def build() -> tuple[str, str]:
        subject = _("%(person)s asks to meet you at %(event)s") % {
            "person": sender_name,
            "event": event.title,
        }
        return subject, item.message or subject

    notify_people(
        people=_party_members(recipient), action="sanxin.event.request.sent", message=build
    )
    return item


def _locked(request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event", "sender__person", "recipient__person")
        .get(pk=request.pk)
    )


def _transition(actor: Any, item: MeetingRequest, status: str, action: str) -> MeetingRequest:
    old = item.status
    item.status = status
    item.answered = timezone.now()
    item.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    item.save(update_fields=["status", "answered", "answered_by"])
    log_action(action, actor=actor, obj=item, old={"status": old}, new={"status": status})
    return item


def _expired(item: MeetingRequest, now: dt.datetime) -> bool:
    return item.status == RequestStatus.PENDING and item.expires is not None and item.expires < now


def accept_request(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _answer(actor, request, RequestStatus.ACCEPTED)


def decline_request(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _answer(actor, request, RequestStatus.DECLINED)


def _answer(actor: Any, request: MeetingRequest, status: str) -> MeetingRequest:
    """Accept or decline; a request found expired is marked so (and kept so) and refused."""
    ev = acting(actor)
    with transaction.atomic():
        item = _locked(request)
        if ev is not None:
            require(acts_for(ev, item.recipient))
        expired = _expired(item, timezone.now())
        if expired:
            _transition(None, item, RequestStatus.EXPIRED, "sanxin.event.request.expired")
        else:
            _answer_locked(actor, item, status)
    if expired:
        raise ValidationError({"status": _("This request has expired.")})
    return item


def _answer_locked(actor: Any, item: MeetingRequest, status: str) -> None:
    if item.status != RequestStatus.PENDING:
        raise ValidationError({"status": _("This request was already answered.")})
    if status == RequestStatus.ACCEPTED and item.recipient.status != RegistrationStatus.APPROVED:
        raise ValidationError({"status": _("Your registration is not approved.")})
    _transition(actor, item, status, f"sanxin.event.request.{status}")
    recipient_name = str(item.recipient.person)
    event = item.event

    def build() -> tuple[str, str]:
        if status == RequestStatus.ACCEPTED:
            text = _("%(person)s accepted your meeting request for %(event)s")
        else:
            text = _("%(person)s declined your meeting request for %(event)s")
        subject = text % {"person": recipient_name, "event": event.title}
        return subject, subject

    notify_people(
        people=_party_members(item.sender), action=f"sanxin.event.request.{status}", message=build
    )


def _cancel_meetings(actor: Any, item: MeetingRequest) -> None:
    for meeting in Meeting.objects.filter(request=item, status=MeetingStatus.PUBLISHED):
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status", "updated"])
        log_action(
            "sanxin.event.meeting.cancelled",
            actor=actor,
            obj=meeting,
            old={"status": MeetingStatus.PUBLISHED},
            new={"status": MeetingStatus.CANCELLED},
        )


@transaction.atomic
def withdraw_request(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    """The sender withdraws a pending or accepted request (its meeting is cancelled)."""
    ev = acting(actor)
    item = _locked(request)
    if ev is not None:
        require(acts_for(ev, item.sender) or can_organise(ev, item.event))
    if item.status not in LIVE_REQUEST_STATUSES:
        raise ValidationError({"status": _("Only a pending or accepted request can be withdrawn.")})
    _cancel_meetings(actor, item)
    return _transition(actor, item, RequestStatus.WITHDRAWN, "sanxin.event.request.withdrawn")


def withdraw_all(*, actor: Any, registration: Registration) -> int:
    """Withdraw every live request of a registration that is leaving (inside a transaction)."""
    count = 0
    live = MeetingRequest.objects.filter(status__in=LIVE_REQUEST_STATUSES).filter(
        Q(sender=registration) | Q(recipient=registration)
    )
    for item in live.select_for_update(of=("self",)):
        _cancel_meetings(actor, item)
        _transition(actor, item, RequestStatus.WITHDRAWN, "sanxin.event.request.withdrawn")
        count += 1
    return count


def expire_requests(*, now: dt.datetime | None = None) -> int:
    """Mark pending requests past their expiry as expired; returns how many."""
    now = now or timezone.now()
    count = 0
    due = MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires__lt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            item = MeetingRequest.objects.select_for_update(of=("self",)).get(pk=pk)
            if _expired(item, now):
                _transition(None, item, RequestStatus.EXPIRED, "sanxin.event.request.expired")
                count += 1
    return count
