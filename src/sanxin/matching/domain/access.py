"""Who may use which recommendations (the directory's and the projects' rules, reused).

- Partners for a project, and the organization panels: whoever sees the project or the
  organization (the recommendations themselves are limited to what the viewer sees).
- The consortium builder: the project team (``can_contribute``); turning a proposal into
  invitations: those who may change the consortium (``can_edit_project``).
- Feedback: about a project's partners, the project team; about an organization's
  projects, offers and meetings, that organization's own people.
- Organizations to invite: the alliance's secretariat and platform admins.
"""

from __future__ import annotations

from sanxin.directory.domain.access import Viewer, can_manage_alliance
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Alliance
from sanxin.projects.domain.access import can_contribute, can_edit_project
from sanxin.projects.models import Project

STAFF_ROLES = (PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT, PersonRole.MEMBER)


def can_build_consortium(viewer: Viewer, project: Project) -> bool:
    return viewer.is_authenticated and can_contribute(viewer, project)


def can_invite_consortium(viewer: Viewer, project: Project) -> bool:
    return viewer.is_authenticated and can_edit_project(viewer, project)


def acts_for_organization(viewer: Viewer, org_id: int) -> bool:
    """A person of this organization (not a guest), who may say what it is interested in."""
    return viewer.org_id == org_id and viewer.role in STAFF_ROLES


def can_see_invitations(viewer: Viewer, alliance: Alliance | None = None) -> bool:
    if alliance is None:
        return viewer.is_admin or viewer.is_secretariat
    return can_manage_alliance(viewer, alliance)
