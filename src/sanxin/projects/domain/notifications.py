"""Watchers and notifications: in the app and by mail, each in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from sanxin.common.audit import log_action
from sanxin.common.freshness import bump_after_commit
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.projects.domain.access import can_view_project, viewer_for
from sanxin.projects.domain.inbox import unread_generation
from sanxin.projects.models import Notification, Project, Watcher

#: Builds (subject, body) in the active language; called once per recipient.
MessageBuilder = Callable[[], tuple[str, str]]


@transaction.atomic
def watch_project(*, actor: Any, project: Project, person: Any = None) -> Watcher:
    """``person`` (default: the actor) starts watching a project they may see."""
    person = person or actor
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(person.pk == actor.pk or viewer.is_admin)
    require(can_view_project(viewer_for(person), project))
    watcher, created = Watcher.objects.get_or_create(project=project, person=person)
    if created:
        log_action(
            "sanxin.project.watcher.added",
            actor=actor,
            obj=project,
            new={"watcher": person.get_username()},
        )
    return watcher


@transaction.atomic
def unwatch_project(*, actor: Any, project: Project) -> None:
    deleted, _rows = Watcher.objects.filter(project=project, person=actor).delete()
    if deleted:
        log_action(
            "sanxin.project.watcher.removed",
            actor=actor,
            obj=project,
            old={"watcher": actor.get_username()},
        )


def notify(
    *,
    people: Iterable[Any],
    project: Project | None,
    action: str,
    message: MessageBuilder,
) -> list[Notification]:
    """Create a notification per person (in their language) and mail it after the commit."""
    created: list[Notification] = []
    mails: list[tuple[str, str, str]] = []
    for person in people:
        with translation.override(person.language or settings.LANGUAGE_CODE):
            subject, body = message()
            link = (
                settings.SITE_URL + reverse("project_detail", args=[project.pk]) if project else ""
            )
        created.append(
            Notification.objects.create(
                person=person, project=project, action=action, subject=subject, body=body
            )
        )
        if person.email:  # the mail links to the project (the in-app notice sits beside it)
            mails.append((subject, f"{body}\n\n{link}" if link else body, person.email))
    bump_after_commit({unread_generation(n.person_id) for n in created})
    ids = [n.pk for n in created if n.person.email]
    if mails:
        transaction.on_commit(lambda: _send(mails, ids))
    return created


def _send(mails: list[tuple[str, str, str]], ids: list[int]) -> None:
    for subject, body, email in mails:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    Notification.objects.filter(pk__in=ids).update(mailed=True)


def notify_watchers(
    *, project: Project, action: str, message: MessageBuilder, exclude: Any = None
) -> list[Notification]:
    """Notify the project's active watchers who may still see it (not the one who acted)."""
    watchers = (
        Watcher.objects.filter(project=project, person__is_active=True)
        .select_related("person")
        .order_by("person__username")
    )
    people = [
        w.person
        for w in watchers
        if (exclude is None or w.person_id != getattr(exclude, "pk", None))
        and can_view_project(viewer_for(w.person), project)
    ]
    return notify(people=people, project=project, action=action, message=message)
