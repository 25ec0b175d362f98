"""Helpers shared by the events app's domain functions."""

from __future__ import annotations

from typing import Any

from sanxin.directory.domain.common import assign, finish_clean, require, snapshot
from sanxin.events.domain.access import EventViewer, event_viewer

__all__ = ["acting", "assign", "finish_clean", "require", "snapshot"]


def acting(actor: Any) -> EventViewer | None:
    """The actor's events viewer, or None for the system itself (tasks, demo loader)."""
    return None if actor is None else event_viewer(actor)
