"""The consortium builder: whole consortia for a project's open roles, and invitations.

``propose_consortia`` asks the engine (CP-SAT, exact over each role's best candidates the
viewer may see) for the three best consortia; ``invite_consortium`` turns one of them into
invitations through the projects app's own ``propose_partner`` (which checks the powers,
validates, saves, logs and notifies) in one transaction: all are invited, or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.templatetags.sanxin import country_name
from sanxin.directory.domain.access import Viewer, viewer_for, visible_organizations
from sanxin.engines.matching import ConsortiumOptions, Problem, Recommendation, build_consortium
from sanxin.matching.domain.access import can_build_consortium, can_invite_consortium
from sanxin.matching.domain.explain import ReasonView, explain_all, role_label
from sanxin.matching.domain.index import using_matcher
from sanxin.matching.domain.recommend import visible_org_keys
from sanxin.matching.domain.records import parse_key, project_key, project_records
from sanxin.projects.domain.consortium import propose_partner
from sanxin.projects.enums import ConsortiumRoleType
from sanxin.projects.models import ConsortiumRole, Project

MAX_ROLES = 2
TIME_LIMIT = 5.0


@dataclass
class AssignmentView:
    key: str
    role: str
    organization: Any
    score: float
    confirmed: bool
    reasons: list[ReasonView] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class Alternative:
    rank: int
    total: float
    assignments: list[AssignmentView]

    @property
    def to_invite(self) -> list[AssignmentView]:
        return [a for a in self.assignments if not a.confirmed and a.organization is not None]


@dataclass
class ConsortiumView:
    status: str
    alternatives: list[Alternative]
    problems: list[str]
    open_roles: list[str]


def _problem(problem: Problem) -> str:
    data = problem.data
    if problem.code == "no_candidates":
        return _("Nobody you can see fits the role “%(role)s” yet.") % {
            "role": role_label(problem.role)
        }
    if problem.code == "financing":
        return _(
            "The financiers' tickets cannot cover the debt of %(debt)s million "
            "(at most %(available)s million with these candidates)."
        ) % {"debt": f"{data.get('debt') or 0:g}", "available": f"{data.get('available', 0):g}"}
    if problem.code == "local_partner":
        return _("The project needs a local partner, and nobody from %(country)s fits.") % {
            "country": country_name(data.get("country") or "")
        }
    if problem.code == "max_roles":
        return _("Too few different organizations: each may take at most %(n)s roles.") % {
            "n": data.get("max_roles", MAX_ROLES)
        }
    return _("The roles cannot all be filled together under these limits.")


def propose_consortia(
    *, viewer: Viewer, project: Project, max_roles: int = MAX_ROLES
) -> ConsortiumView:
    """The best three consortia for the project's open roles, with reasons."""
    if not can_build_consortium(viewer, project):
        raise PermissionDenied
    allowed = visible_org_keys(viewer)
    key = project_key(project.pk)
    options = ConsortiumOptions(max_roles=max_roles, time_limit=TIME_LIMIT)
    with using_matcher() as matcher:
        record = matcher.projects.get(key)
        if record is None or not record.open_roles():
            return ConsortiumView("nothing_open", [], [], [])
        result = build_consortium(matcher, key, options, allowed=allowed)
        taxonomy = matcher.taxonomy
    pks = {parse_key(a.org)[1] for c in result.consortia for a in c.assignments}
    orgs = visible_organizations(viewer).filter(pk__in=pks).in_bulk()
    alternatives = [
        Alternative(
            rank=c.rank,
            total=c.total,
            assignments=[
                AssignmentView(
                    key=a.key,
                    role=a.role,
                    organization=orgs.get(parse_key(a.org)[1]),
                    score=a.score,
                    confirmed=a.confirmed,
                    reasons=[
                        r for r in explain_all_reasons(a.reasons, taxonomy) if r.code != "passage"
                    ],
                )
                for a in c.assignments
            ],
        )
        for c in result.consortia
    ]
    return ConsortiumView(
        status=result.status,
        alternatives=alternatives,
        problems=[_problem(p) for p in result.problems],
        open_roles=[role_label(r.role) for r in record.open_roles()],
    )


def explain_all_reasons(reasons: tuple, taxonomy: Any) -> list[ReasonView]:
    rec = Recommendation("", "", "", 0.0, {}, reasons)
    return explain_all(rec, taxonomy, {})


@transaction.atomic
def invite_consortium(
    *, actor: Any, project: Project, choices: list[tuple[str, int]]
) -> list[ConsortiumRole]:
    """Invite each (role, organization id) of a proposed consortium; all or none."""
    viewer = viewer_for(actor)
    if not can_invite_consortium(viewer, project):
        raise PermissionDenied
    if not choices:
        raise ValidationError({"assignment": _("Choose at least one partner to invite.")})
    record = project_records([project.pk]).get(project_key(project.pk))
    open_roles = {r.role for r in record.open_roles()} if record else set()
    orgs = visible_organizations(viewer).in_bulk([pk for _role, pk in choices])
    rows = []
    for role, org_pk in choices:
        if role not in ConsortiumRoleType.values or role not in open_roles:
            raise ValidationError(
                {
                    "assignment": _("The role “%(role)s” is not open any more.")
                    % {"role": role_label(role)}
                }
            )
        org = orgs.get(org_pk)
        if org is None:
            raise ValidationError(
                {"assignment": _("This organization is not known. Reload the page.")}
            )
        rows.append(propose_partner(actor=actor, project=project, organization=org, role=role))
    log_action(
        "sanxin.matching.consortium.invited",
        actor=actor,
        obj=project,
        new={"invited": [f"{role}:{orgs[pk].slug}" for role, pk in choices]},
    )
    return rows
