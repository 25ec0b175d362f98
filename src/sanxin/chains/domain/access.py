"""Who may see and edit an alliance's chain maps.

A chain map shows an alliance's members, so it is for the alliance: people of its active member
organizations, its secretariat and platform admins. Everyone else (other alliances, guests,
anonymous visitors) gets no alliance data; pages and the API answer 404 for an alliance they
may not see, as the other apps do. Only the alliance's secretariat and platform admins edit.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sanxin.directory.domain.access import Viewer, viewer_for, visible_alliances
from sanxin.directory.models import Alliance

__all__ = ["Viewer", "can_edit_chains", "can_view_chains", "chain_alliances", "viewer_for"]


def can_view_chains(viewer: Viewer, alliance: Alliance) -> bool:
    return viewer.is_admin or alliance.pk in viewer.all_alliance_ids


def can_edit_chains(viewer: Viewer, alliance: Alliance) -> bool:
    return viewer.is_admin or alliance.pk in viewer.secretariat_alliance_ids


def chain_alliances(viewer: Viewer) -> QuerySet[Alliance]:
    """The alliances whose chain maps the viewer may see (fails closed: none for strangers)."""
    if viewer.is_admin:
        return visible_alliances(viewer).order_by("slug")
    return visible_alliances(viewer).filter(pk__in=viewer.all_alliance_ids).order_by("slug")
