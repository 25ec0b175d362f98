"""The rows of a list of meeting requests as the page shows them: both parties read in one
query, what the viewer may do with each row, the labels of its priority and status."""

from __future__ import annotations

from sanxin.events.enums import Priority, RequestStatus
from sanxin.events.models import MeetingRequest, Registration

#: What the list shows of a party: the person's name, the organization's name.
PARTY_FIELDS = (
    "id",
    "person_id",
    "organization_id",
    "person__display_name",
    "person__first_name",
    "person__last_name",
    "person__username",
    "organization__name_en",
    "organization__name_zh",
    "organization__name_vi",
)
_WITHDRAWABLE = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


def list_rows(rows: list[MeetingRequest], party: list[int]) -> list[MeetingRequest]:
    """``rows`` with their senders and recipients (one query for both, only what is shown),
    the flags ``incoming``, ``outgoing``, ``can_answer``, ``can_withdraw`` for a viewer whose
    party is ``party``, and ``priority_label`` / ``status_label`` in the current language."""
    ids = {r.sender_id for r in rows} | {r.recipient_id for r in rows}
    parties = (
        Registration.objects.select_related("person", "organization")
        .only(*PARTY_FIELDS)
        .in_bulk(ids)
    )
    priorities = {value: str(label) for value, label in Priority.choices}
    statuses = {value: str(label) for value, label in RequestStatus.choices}
    for row in rows:
        row.sender = parties[row.sender_id]
        row.recipient = parties[row.recipient_id]
        row.incoming = row.recipient_id in party
        row.outgoing = row.sender_id in party
        row.can_answer = row.incoming and row.status == RequestStatus.PENDING
        row.can_withdraw = row.outgoing and row.status in _WITHDRAWABLE
        row.priority_label = priorities.get(row.priority, row.priority)
        row.status_label = statuses.get(row.status, row.status)
    return rows
