"""Who sees which projects, and who may change them.

The same confidentiality rules as the directory (``directory/domain/access.py``):

- **public**: everyone, signed in or not;
- **alliance members**: people of organizations with an active membership in an alliance the
  project is attached to, or that its owner organization is an active member of;
- **own organization**: the owner organization's people.

For public and alliance projects the owner organization must be visible to the viewer too, so
a project never reveals an organization that chose to stay hidden. Whatever the
confidentiality, a project is always seen by its owner organization's people, by the people of
a consortium partner (an organization with an invited or confirmed role), by the secretariat of
an alliance it is attached to or that its owner belongs to (in any membership status), and by
platform admins. The querysets fail closed: an unknown viewer sees public projects only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.access import (
    Viewer,
    can_edit_organization,
    organization_condition,
    viewer_for,
)
from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.directory.models import Membership
from sanxin.projects.enums import ENGAGED_STATUSES, ConsortiumStatus, DocumentAudience
from sanxin.projects.models import ConsortiumRole, Document, FollowUp, Project

__all__ = ["Viewer", "viewer_for"]

#: Roles of a person who may act for their organization (accept invitations, edit projects).
ADMIN_ROLES = (PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT)
#: Roles of a person who works for their organization (add milestones, follow-ups, documents).
STAFF_ROLES = (PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT, PersonRole.MEMBER)


def _members_of(alliance_ids: frozenset[int], *, active_only: bool) -> QuerySet:
    memberships = Membership.objects.filter(alliance_id__in=alliance_ids)
    if active_only:
        memberships = memberships.filter(status=MembershipStatus.ACTIVE)
    return memberships.values("organization_id")


def _partner_projects(org_id: int, statuses: tuple[str, ...] = ENGAGED_STATUSES) -> QuerySet:
    return ConsortiumRole.objects.filter(organization_id=org_id, status__in=statuses).values(
        "project_id"
    )


def project_condition(viewer: Viewer, prefix: str = "") -> Q:
    """The Q condition for projects (reached via ``prefix``) the viewer may see (not admins)."""
    p = prefix
    owner_visible = organization_condition(viewer, f"{p}owner__")
    cond = Q(**{f"{p}confidentiality": Confidentiality.PUBLIC}) & (
        Q(**{f"{p}owner__isnull": True}) | owner_visible
    )
    if viewer.alliance_ids:
        cond |= (
            Q(**{f"{p}confidentiality": Confidentiality.ALLIANCE})
            & (
                Q(**{f"{p}alliance__in": viewer.alliance_ids})
                | Q(**{f"{p}owner__in": _members_of(viewer.alliance_ids, active_only=True)})
            )
            & (Q(**{f"{p}owner__isnull": True}) | owner_visible)
        )
    if viewer.org_id is not None:
        cond |= Q(**{f"{p}owner": viewer.org_id})
        cond |= Q(**{f"{p}pk__in": _partner_projects(viewer.org_id)})
    if viewer.secretariat_alliance_ids:
        cond |= Q(**{f"{p}alliance__in": viewer.secretariat_alliance_ids})
        cond |= Q(
            **{f"{p}owner__in": _members_of(viewer.secretariat_alliance_ids, active_only=False)}
        )
    return cond


def visible_projects(viewer: Viewer) -> QuerySet[Project]:
    if viewer.is_admin:
        return Project.objects.all()
    return Project.objects.filter(project_condition(viewer))


def visible_consortium(viewer: Viewer) -> QuerySet[ConsortiumRole]:
    """Consortium rows of visible projects; declined and suggested ones only for the team."""
    if viewer.is_admin:
        return ConsortiumRole.objects.all()
    cond = Q(status__in=ENGAGED_STATUSES)
    if viewer.org_id is not None:
        cond |= Q(organization_id=viewer.org_id)
    cond |= Q(project__in=team_projects(viewer))
    return ConsortiumRole.objects.filter(project_condition(viewer, "project__") & cond)


def team_projects(viewer: Viewer) -> QuerySet[Project]:
    """Projects the viewer works on: owner, confirmed partner, secretariat in scope, admin."""
    if viewer.is_admin:
        return Project.objects.all()
    if viewer.org_id is None or viewer.role not in STAFF_ROLES:
        return Project.objects.none()
    cond = Q(owner_id=viewer.org_id) | Q(
        pk__in=_partner_projects(viewer.org_id, (ConsortiumStatus.CONFIRMED,))
    )
    if viewer.secretariat_alliance_ids:
        cond |= Q(alliance_id__in=viewer.secretariat_alliance_ids)
        cond |= Q(owner_id__in=_members_of(viewer.secretariat_alliance_ids, active_only=False))
    return Project.objects.filter(cond)


def visible_documents(viewer: Viewer) -> QuerySet[Document]:
    if viewer.is_admin:
        return Document.objects.all()
    return Document.objects.filter(
        project_condition(viewer, "project__")
        & (Q(audience=DocumentAudience.PROJECT) | Q(project__in=team_projects(viewer)))
    )


def visible_follow_ups(viewer: Viewer) -> QuerySet[FollowUp]:
    """Follow-ups are team business: the team's projects, plus the viewer's own actions."""
    if viewer.is_admin:
        return FollowUp.objects.all()
    cond = Q(project__in=team_projects(viewer))
    if viewer.person_id is not None:
        cond |= Q(owner_id=viewer.person_id)
    return FollowUp.objects.filter(cond & project_condition(viewer, "project__"))


# --- powers -------------------------------------------------------------------------------


def _secretariat_in_scope(viewer: Viewer, project: Project) -> bool:
    if not viewer.secretariat_alliance_ids:
        return False
    if project.alliance_id in viewer.secretariat_alliance_ids:
        return True
    return (
        project.owner_id is not None
        and Membership.objects.filter(
            organization_id=project.owner_id, alliance_id__in=viewer.secretariat_alliance_ids
        ).exists()
    )


def can_create_project_for(viewer: Viewer, owner) -> bool:
    """Propose a project owned by ``owner`` (None: an owner to be determined)."""
    if viewer.is_admin:
        return True
    if owner is None:
        return viewer.is_secretariat
    if viewer.org_id == owner.pk and viewer.role in STAFF_ROLES:
        return True
    return can_edit_organization(viewer, owner)


def can_edit_project(viewer: Viewer, project: Project) -> bool:
    """Change the project's data, stage, phases and consortium."""
    if viewer.is_admin:
        return True
    if project.owner_id is not None and viewer.org_id == project.owner_id:
        return viewer.role in ADMIN_ROLES
    return _secretariat_in_scope(viewer, project)


def can_contribute(viewer: Viewer, project: Project) -> bool:
    """Add milestones, funding, follow-ups and documents: the project team."""
    if can_edit_project(viewer, project):
        return True
    if viewer.org_id is None or viewer.role not in STAFF_ROLES:
        return False
    if viewer.org_id == project.owner_id:
        return True
    return ConsortiumRole.objects.filter(
        project_id=project.pk, organization_id=viewer.org_id, status=ConsortiumStatus.CONFIRMED
    ).exists()


def can_answer_invitation(viewer: Viewer, role: ConsortiumRole) -> bool:
    """Only the invited organization's own admin commits it to a consortium."""
    return (
        viewer.org_id is not None
        and viewer.org_id == role.organization_id
        and viewer.role in ADMIN_ROLES
    )


def can_view_project(viewer: Viewer, project: Project) -> bool:
    return visible_projects(viewer).filter(pk=project.pk).exists()


def can_open_document(viewer: Viewer, document: Document) -> bool:
    return visible_documents(viewer).filter(pk=document.pk).exists()


def can_delete_document(viewer: Viewer, document: Document) -> bool:
    """The project's editors, or the uploader while still on the project team."""
    if can_edit_project(viewer, document.project):
        return True
    return (
        viewer.person_id is not None
        and viewer.person_id == document.uploaded_by_id
        and can_contribute(viewer, document.project)
    )


def editable_project_ids(v: Viewer, projects: QuerySet[Project], ids: list[int]) -> set[int]:
    """Of ``ids``, the projects whose stage the viewer may move: one query for a whole page.

    The same rule as ``can_edit_project``, as one query (the domain still checks every move;
    tests/projects/test_views_lists.py checks the two agree for every role and project).
    """
    if not ids or not v.is_authenticated:
        return set()
    if v.is_admin:
        return set(ids)
    cond = Q(pk__in=[])
    if v.org_id is not None and v.role in ADMIN_ROLES:
        cond |= Q(owner_id=v.org_id)
    if v.secretariat_alliance_ids:
        members = Membership.objects.filter(alliance_id__in=v.secretariat_alliance_ids).values(
            "organization_id"
        )
        cond |= Q(alliance_id__in=v.secretariat_alliance_ids) | Q(owner_id__in=members)
    return set(projects.filter(cond, pk__in=ids).values_list("pk", flat=True))
