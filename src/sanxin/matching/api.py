"""REST endpoints of matching: the same recommenders, feedback and consortium builder as the
pages, with the same permissions (rows the caller may not see answer 404, never 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from ninja import Router
from ninja.errors import AuthenticationError
from ninja.responses import Status

from sanxin.directory.domain.access import (
    Viewer,
    viewer_for,
    visible_alliances,
    visible_organizations,
)
from sanxin.directory.models import Capability
from sanxin.events.domain.access import event_viewer, my_registration, visible_events
from sanxin.matching import api_schemas as s
from sanxin.matching.domain.access import can_see_invitations
from sanxin.matching.domain.consortium import invite_consortium, propose_consortia
from sanxin.matching.domain.explain import ReasonView
from sanxin.matching.domain.feedback import record_feedback
from sanxin.matching.domain.recommend import (
    Suggestion,
    meetings_for_participant,
    offers_for_organization,
    organizations_to_invite,
    partners_for_project,
    projects_for_organization,
)
from sanxin.projects.domain.access import visible_projects

router = Router(tags=["matching"])


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _viewer(request) -> Viewer:
    return viewer_for(request.user)


def _signed_in(request) -> Viewer:
    v = _viewer(request)
    if not v.is_authenticated:
        raise AuthenticationError
    return v


def _reasons(reasons: list[ReasonView]) -> list[dict]:
    return [
        {"code": r.code, "text": r.text, "query": r.query, "candidate": r.candidate}
        for r in reasons
    ]


def _name(obj) -> str:
    for attr in ("name", "title"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return str(obj)


def _out(items: list[Suggestion]) -> list[dict]:
    return [
        {
            "key": x.key,
            "id": x.obj.pk,
            "name": _name(x.obj),
            "score": round(x.score, 4),
            "role": x.role,
            "reasons": _reasons(x.reasons),
            "feedback": x.feedback,
        }
        for x in items
    ]


@router.get("/matching/projects/{project_id}/partners", response=list[s.RoleOut])
def project_partners(request, project_id: int):
    """For each open role of a project, the organizations that fit best (among those the
    caller may see), with reasons."""
    v = _viewer(request)
    project = _get(visible_projects(v), pk=project_id)
    return [
        {"key": g.key, "role": g.role, "suggestions": _out(g.suggestions)}
        for g in partners_for_project(viewer=v, project=project)
    ]


@router.get("/matching/organizations/{slug}/projects", response=list[s.SuggestionOut])
def organization_projects(request, slug: str):
    """Projects with an open role the organization could take (best role per project)."""
    v = _viewer(request)
    org = _get(visible_organizations(v), slug=slug)
    return _out(projects_for_organization(viewer=v, organization=org))


@router.get("/matching/organizations/{slug}/offers", response=list[s.SuggestionOut])
def organization_offers(request, slug: str):
    """Open offers and requests of other organizations that suit the organization."""
    v = _viewer(request)
    org = _get(visible_organizations(v), slug=slug)
    return _out(offers_for_organization(viewer=v, organization=org))


@router.get("/matching/events/{event_id}/meetings", response=list[s.SuggestionOut])
def event_meetings(request, event_id: int):
    """Participants of the event the caller (registered for it) should meet."""
    _signed_in(request)
    ev = event_viewer(request.user)
    event = _get(visible_events(ev), pk=event_id)
    mine = my_registration(ev, event)
    if mine is None:
        raise PermissionDenied
    return _out(meetings_for_participant(viewer=ev, registration=mine))


@router.post("/matching/feedback", response=s.FeedbackOut)
def feedback(request, payload: s.FeedbackIn):
    """Say whether a recommendation is interesting (replaces an earlier answer)."""
    _signed_in(request)
    row = record_feedback(
        actor=request.user,
        subject=payload.subject,
        target=payload.target,
        interested=payload.interested,
    )
    return {"subject": row.subject, "target": row.target, "interested": row.interested}


@router.get("/matching/projects/{project_id}/consortium", response=s.ConsortiumProposalsOut)
def consortium(request, project_id: int):
    """The three best whole consortia for the project's open roles (the project team)."""
    v = _signed_in(request)
    project = _get(visible_projects(v), pk=project_id)
    result = propose_consortia(viewer=v, project=project)
    return {
        "status": result.status,
        "open_roles": result.open_roles,
        "problems": result.problems,
        "alternatives": [
            {
                "rank": alt.rank,
                "total": round(alt.total, 4),
                "assignments": [
                    {
                        "role": a.role,
                        "role_key": a.key,
                        "organization": a.organization.pk if a.organization else None,
                        "name": a.organization.name if a.organization else "",
                        "score": round(a.score, 4),
                        "confirmed": a.confirmed,
                        "reasons": _reasons(a.reasons),
                    }
                    for a in alt.assignments
                ],
            }
            for alt in result.alternatives
        ],
    }


@router.post(
    "/matching/projects/{project_id}/consortium/invite", response={201: list[s.InvitedOut]}
)
def consortium_invite(request, project_id: int, payload: s.ConsortiumInviteIn):
    """Invite the given (role, organization) pairs to the project's consortium, all or none
    (those who may change the consortium)."""
    v = _signed_in(request)
    project = _get(visible_projects(v), pk=project_id)
    rows = invite_consortium(
        actor=request.user,
        project=project,
        choices=[(a.role, a.organization) for a in payload.assignments],
    )
    return Status(
        201,
        [
            {"id": r.pk, "role": r.role, "organization": r.organization_id, "status": r.status}
            for r in rows
        ],
    )


@router.get("/matching/invitations", response=s.InvitationsOut)
def invitations(request, alliance: str = "", root: str = "", country: str = ""):
    """Organizations outside the alliance that fill a chain link no member covers (its
    secretariat, or an admin)."""
    v = _signed_in(request)
    if not can_see_invitations(v):
        raise PermissionDenied
    alliances = visible_alliances(v).order_by("slug")
    if not v.is_admin:
        alliances = alliances.filter(pk__in=v.secretariat_alliance_ids)
    chosen = _get(alliances, slug=alliance) if alliance else alliances.first()
    if chosen is None:
        raise Http404
    root_cap = _get(Capability.objects.filter(parent__isnull=True), code=root) if root else None
    result = organizations_to_invite(
        viewer=v, alliance=chosen, root=root_cap, country=country.upper()[:2]
    )
    return {
        "alliance": chosen.slug,
        "missing": result.missing,
        "suggestions": _out(result.suggestions),
    }
