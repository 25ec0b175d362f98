"""REST endpoints of the caller's in-app notifications inbox.

Only the caller's own notifications exist here: anonymous callers get 401, and the number of
someone else's notification is refused like a number that does not exist (422 on ``ids``,
nothing marked). ``project`` is given only while the caller may still see the project.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from sanxin.directory.api import Page
from sanxin.directory.domain.access import viewer_for
from sanxin.projects.domain.inbox import (
    MAX_IDS,
    mark_read,
    notifications_for,
    unread_count,
    with_project_access,
)

router = Router(tags=["notifications"])


class InboxProjectRef(Schema):
    id: int
    title: str = Field(description="The project's title in the caller's language.")


class InboxNotificationOut(Schema):
    id: int
    action: str = Field(description="What happened, e.g. ``sanxin.project.stage.changed``.")
    subject: str = Field(description="Written in the person's language when it was sent.")
    body: str
    created: dt.datetime
    read: dt.datetime | None = Field(None, description="When it was marked read; null: unread.")
    project: InboxProjectRef | None = Field(
        None, description="The project it is about, while the caller may still see it."
    )

    @staticmethod
    def resolve_project(obj) -> object | None:
        return obj.project if obj.project_id and obj.project_visible else None


class InboxQuery(Schema):
    unread: bool = Field(False, description="Only the notifications not read yet.")


class InboxReadIn(Schema):
    ids: list[int] | None = Field(
        None,
        max_length=MAX_IDS,
        description="The caller's notifications to mark read (give this or ``all``).",
    )
    all: bool = Field(False, description="Mark every notification of the caller read.")


class InboxReadOut(Schema):
    marked: int = Field(description="How many notifications became read.")
    unread: int = Field(description="How many remain unread.")


def _person(request):
    if not request.user.is_authenticated:
        raise AuthenticationError
    return request.user


@router.get("/notifications", response=list[InboxNotificationOut])
@paginate(Page)
def list_notifications(request, filters: Query[InboxQuery]):
    """The caller's notifications, newest first; ``?unread=true`` keeps the unread ones."""
    person = _person(request)
    notifications = notifications_for(person, unread_only=filters.unread)
    return with_project_access(notifications, viewer_for(person))


@router.post("/notifications/read", response=InboxReadOut)
def read_notifications(request, payload: InboxReadIn):
    """Mark notifications read: ``{"ids": [1, 2]}`` or ``{"all": true}``."""
    person = _person(request)
    if payload.all == (payload.ids is not None):
        message = _("Give either the notifications' numbers (ids) or all: true.")
        raise ValidationError({"__all__": [message]})
    marked = mark_read(actor=person, ids=None if payload.all else payload.ids)
    return {"marked": marked, "unread": unread_count(person)}
