"""Notifications of the events app, through the projects app's in-app and mail helper."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sanxin.projects.domain.notifications import MessageBuilder, notify


def notify_people(*, people: Iterable[Any], action: str, message: MessageBuilder) -> None:
    """One notification per active person, in their language, mailed after the commit."""
    seen: set[int] = set()
    unique = []
    for person in people:
        if person is None or not person.is_active or person.pk in seen:
            continue
        seen.add(person.pk)
        unique.append(person)
    if unique:
        notify(people=unique, project=None, action=action, message=message)
