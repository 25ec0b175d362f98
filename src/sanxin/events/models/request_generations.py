"""The generations a participant's meeting-request list is cached with: one per registration.

A page drawn for the page cache depends on every table it read (``sanxin.common.freshness``),
so a list of meeting requests would be drawn again after *any* request sent anywhere — at a
symposium of a thousand participants, always. A participant's list shows only the requests of
their party, so it is read ``narrowed`` to the generations of those registrations instead, and
every write moves the generations of the rows it touches:

- saving, creating or deleting a request (also a cascade from a deleted registration or event)
  moves its sender's and its recipient's generation (the model's signals);
- a write that sends no signal (``QuerySet.update()``, ``bulk_update()``, ``bulk_create()``)
  moves ``BULK``, which every narrowed list also depends on;
- a write outside the model (SQL, another program) moves the whole table as before, and every
  ``sanxin`` command moves every page.

Organisers read every request of the event: their list depends on the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import models
from django.db.models.signals import post_delete, post_save

from sanxin.common.freshness import bump_after_commit, narrowed

TABLE = "events_meetingrequest"
BULK = "events-requests-bulk"


def of_registration(registration_id: int) -> str:
    return f"events-requests-of-{registration_id}"


def of_party(party: Iterable[int]) -> tuple[str, ...]:
    """The generations a list of the requests of these registrations depends on."""
    return (BULK, *(of_registration(pk) for pk in sorted(set(party))))


def reading_requests_of(party: Iterable[int] | None):
    """Read requests of ``party`` only (None: any request, the whole table) in this block."""
    return nullcontext() if party is None else narrowed(TABLE, of_party(party))


class MeetingRequestQuerySet(models.QuerySet):
    """Requests; the writes that send no signal move ``BULK``."""

    def update(self, **kwargs):
        bump_after_commit([BULK])
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        bump_after_commit([BULK])
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        bump_after_commit([BULK])
        return super().bulk_create(objs, *args, **kwargs)


def request_written(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a request: its two parties' lists are out of date."""
    bump_after_commit([of_registration(instance.sender_id), of_registration(instance.recipient_id)])


def connect(model) -> None:
    post_save.connect(request_written, sender=model, dispatch_uid="sanxin-request-saved")
    post_delete.connect(request_written, sender=model, dispatch_uid="sanxin-request-deleted")
