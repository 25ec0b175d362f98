"""The in-app notifications inbox: a person reads their own notifications and marks them read.

Notifications are written by ``notifications.notify`` (projects and events). Here everything
starts from the person: a queryset never holds anyone else's rows, so another person's
notification can be neither listed nor marked (its number answers "not yours", whether it
exists or not). Marking read is the reader's own bookkeeping, not a change of business data,
so it writes no audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanxin.common.freshness import bump_after_commit, cached_value, cached_value_keys
from sanxin.directory.domain.common import require
from sanxin.projects.domain.access import Viewer, visible_projects
from sanxin.projects.models import Notification

#: The most notifications one request may name (a page shows 25; the API takes up to 200).
MAX_IDS = 500


def _person_id(person: Any) -> int | None:
    """The signed-in person's id (a person or their id); None for anonymous visitors (who have
    no inbox)."""
    if isinstance(person, int):
        return person
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    return person.pk


def notifications_for(person: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first (none for an anonymous visitor)."""
    person_id = _person_id(person)
    if person_id is None:
        return Notification.objects.none()
    queryset = Notification.objects.filter(person_id=person_id)
    if unread_only:
        queryset = queryset.filter(read__isnull=True)
    return queryset.select_related("project").order_by("-created", "-id")


def unread_count(person: Any) -> int:
    """How many of the person's notifications are unread: one COUNT on the (person, read) index."""
    person_id = _person_id(person)
    if person_id is None:
        return 0
    return Notification.objects.filter(person_id=person_id, read__isnull=True).count()


def unread_generation(person_id: int) -> str:
    """The generation that moves on whenever this person's notifications change."""
    return f"notifications-of-{person_id}"


def unread_count_cached(person: Any) -> int:
    """``unread_count`` kept in the shared cache (with the page cache on) until the person's
    notifications change — ``notify`` and ``mark_read`` move ``unread_generation`` on — or a
    minute has passed (notifications deleted with their project move nothing)."""
    person_id = _person_id(person)
    if person_id is None:
        return 0
    return cached_value(
        _unread_key(person_id),
        (unread_generation(person_id),),
        lambda: unread_count(person),
        timeout=60,
    )


def _unread_key(person_id: int) -> str:
    return f"sanxin:unread:{person_id}"


def unread_count_keys(person_id: int) -> list[str]:
    """The shared-cache keys ``unread_count_cached`` reads (for reading them ahead)."""
    return cached_value_keys(_unread_key(person_id), (unread_generation(person_id),))


def with_project_access(notifications: QuerySet[Notification], viewer: Viewer) -> QuerySet:
    """Annotate ``project_visible``: may the viewer still see the notification's project?

    A notification keeps its project after the person lost access to it (they left the
    organization, the project became confidential); then the inbox shows the text without a
    link. The check is the projects' own visibility queryset as an EXISTS in the same query,
    so a page of notifications costs no query per row.
    """
    return notifications.annotate(
        project_visible=Exists(visible_projects(viewer).filter(pk=OuterRef("project_id")))
    )


#: The largest id the database can hold (a 64-bit signed integer).
MAX_ID = 2**63 - 1


def _clean_ids(ids: Iterable[Any]) -> list[int]:
    try:
        cleaned = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise ValidationError(
            {"ids": [_("Give the notifications as a list of whole numbers.")]}
        ) from None
    if not cleaned:
        raise ValidationError({"ids": [_("Choose at least one notification to mark as read.")]})
    if len(cleaned) > MAX_IDS:
        raise ValidationError(
            {
                "ids": [
                    _("Mark at most %(max)d notifications at once, or mark them all.")
                    % {"max": MAX_IDS}
                ]
            }
        )
    return cleaned


@transaction.atomic
def mark_read(*, actor: Any, ids: Iterable[Any] | None = None) -> int:
    """Mark the actor's given notifications read (all of them when ``ids`` is None).

    Anonymous actors are refused (``PermissionDenied``). Numbers that are not the actor's own
    notifications (someone else's, or none at all) are refused with a ``ValidationError`` on
    ``ids`` and nothing is marked; notifications already read keep their first reading time.
    Returns how many became read.
    """
    person_id = _person_id(actor)
    require(person_id is not None)
    own = Notification.objects.filter(person_id=person_id)
    if ids is not None:
        wanted = _clean_ids(ids)
        storable = [i for i in wanted if 0 < i <= MAX_ID]  # others cannot be anyone's
        found = set(own.filter(pk__in=storable).values_list("pk", flat=True))
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ValidationError(
                {
                    "ids": [
                        ngettext(
                            "You have no notification number %(ids)s.",
                            "You have no notifications with the numbers %(ids)s.",
                            len(missing),
                        )
                        % {"ids": ", ".join(str(i) for i in missing)}
                    ]
                }
            )
        own = own.filter(pk__in=wanted)
    bump_after_commit([unread_generation(person_id)])
    return own.filter(read__isnull=True).update(read=timezone.now())
