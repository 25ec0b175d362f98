"""Recommendations for a viewer: only what the viewer may see, with reasons in their language.

Every recommender first asks the database which records the viewer may see (the same
``visible_*`` querysets as the pages), passes those ids to the engine as the only allowed
candidates, and loads the recommended rows through the same querysets again. A record the
viewer may not see is never recommended, named or explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sanxin.directory.domain.access import (
    Viewer,
    visible_offers,
    visible_organizations,
)
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Alliance, Capability, Membership, Organization
from sanxin.engines.matching import Recommendation
from sanxin.engines.matching.items import role_key
from sanxin.events.domain.access import EventViewer, visible_registrations
from sanxin.events.enums import RegistrationStatus
from sanxin.events.models import Registration
from sanxin.matching.domain.explain import (
    ReasonView,
    explain_all,
    reader_language,
    region_names,
    role_label,
)
from sanxin.matching.domain.index import using_matcher
from sanxin.matching.domain.records import (
    offer_key,
    org_key,
    parse_key,
    project_key,
    registration_key,
)
from sanxin.matching.models import Feedback, StoredEmbedding
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.models import Project

DEFAULT_K = 5


@dataclass
class Suggestion:
    """One recommended record as a page shows it."""

    key: str
    obj: Any
    score: float
    reasons: list[ReasonView]
    role: str = ""
    feedback: bool | None = None

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def role_label(self) -> str:
        return role_label(self.role)


@dataclass
class RoleSuggestions:
    key: str
    role: str
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def label(self) -> str:
        return role_label(self.role)


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def visible_org_keys(viewer: Viewer) -> set[str]:
    return {org_key(pk) for pk in _ids(visible_organizations(viewer))}


def semantic_ready() -> bool:
    """Whether any embeddings are stored yet (else matching runs on words and structure)."""
    return StoredEmbedding.objects.exists()


def _own_feedback(person_id: int | None, subject: str, keys: list[str]) -> dict[str, bool]:
    if person_id is None or not keys:
        return {}
    return dict(
        Feedback.objects.filter(person_id=person_id, subject=subject, target__in=keys).values_list(
            "target", "interested"
        )
    )


def _suggestions(
    recs: list[Recommendation],
    rows: dict[int, Any],
    matcher: Any,
) -> list[Suggestion]:
    regions = region_names(recs)
    out: list[Suggestion] = []
    for rec in recs:
        _prefix, pk, _role = parse_key(rec.ref or rec.id)
        row = rows.get(pk)
        if row is None:  # gone or hidden since the index was read
            continue
        out.append(
            Suggestion(
                key=rec.id,
                obj=row,
                score=rec.score,
                reasons=explain_all(rec, matcher.taxonomy, regions),
                role=rec.role or "",
            )
        )
    return out


def _with_feedback(
    suggestions: list[Suggestion], person_id: int | None, subject: str
) -> list[Suggestion]:
    mine = _own_feedback(person_id, subject, [s.key for s in suggestions])
    for s in suggestions:
        s.feedback = mine.get(s.key)
    return suggestions


# --- partners for a project's open roles -----------------------------------------------------


def partners_for_project(
    *, viewer: Viewer, project: Project, k: int = DEFAULT_K
) -> list[RoleSuggestions]:
    """For each open role of a project the viewer sees, the best organizations they see."""
    allowed = visible_org_keys(viewer)
    key = project_key(project.pk)
    with using_matcher() as matcher:
        if key not in matcher.projects:
            return []
        ranked = matcher.partners_for_project(key, k=k, allowed=allowed)
        record = matcher.projects[key]
        roles = {role_key(record, i): r.role for i, r in enumerate(record.roles)}
        pks = {parse_key(rec.id)[1] for recs in ranked.values() for rec in recs}
        rows = visible_organizations(viewer).filter(pk__in=pks).in_bulk()
        out = [
            RoleSuggestions(key=rk, role=roles[rk], suggestions=_suggestions(recs, rows, matcher))
            for rk, recs in ranked.items()
        ]
    _with_feedback([s for group in out for s in group.suggestions], viewer.person_id, key)
    return out


# --- projects and offers for an organization ----------------------------------------------


def projects_for_organization(
    *, viewer: Viewer, organization: Organization, k: int = DEFAULT_K
) -> list[Suggestion]:
    allowed = {project_key(pk) for pk in _ids(visible_projects(viewer))}
    key = org_key(organization.pk)
    with using_matcher() as matcher:
        if key not in matcher.organizations:
            return []
        recs = matcher.projects_for_organization(key, k=k, allowed=allowed)
        pks = {parse_key(rec.ref)[1] for rec in recs}
        rows = visible_projects(viewer).filter(pk__in=pks).select_related("province").in_bulk()
        found = _suggestions(recs, rows, matcher)
    return _with_feedback(found, viewer.person_id, key)


def offers_for_organization(
    *, viewer: Viewer, organization: Organization, k: int = DEFAULT_K
) -> list[Suggestion]:
    allowed = {offer_key(pk) for pk in _ids(visible_offers(viewer))}
    key = org_key(organization.pk)
    with using_matcher() as matcher:
        if key not in matcher.organizations:
            return []
        recs = matcher.offers_for_organization(key, k=k, allowed=allowed)
        pks = {parse_key(rec.id)[1] for rec in recs}
        rows = visible_offers(viewer).filter(pk__in=pks).select_related("organization").in_bulk()
        found = _suggestions(recs, rows, matcher)
    return _with_feedback(found, viewer.person_id, key)


# --- meetings at an event -------------------------------------------------------------------


def meetings_for_participant(
    *, viewer: EventViewer, registration: Registration, k: int = DEFAULT_K
) -> list[Suggestion]:
    """Other listed, approved participants of the event worth meeting."""
    if registration.organization_id is None:
        return []
    visible = visible_registrations(viewer).filter(
        event_id=registration.event_id, status=RegistrationStatus.APPROVED
    )
    allowed = {registration_key(pk) for pk in _ids(visible.exclude(pk=registration.pk))}
    subject = org_key(registration.organization_id)
    with using_matcher(event_id=registration.event_id) as matcher:
        event = f"e{registration.event_id}"
        me = registration_key(registration.pk)
        if me not in matcher.participants.get(event, {}):
            return []
        recs = matcher.meetings_for_participant(event, me, k=k, allowed=allowed)
        pks = {parse_key(rec.id)[1] for rec in recs}
        rows = visible.filter(pk__in=pks).select_related("person", "organization").in_bulk()
        found = _suggestions(recs, rows, matcher)
    return _with_feedback(found, viewer.person_id, subject)


# --- organizations an alliance should invite ----------------------------------------------


def invitation_links(root: Capability | None = None) -> list[str]:
    """The chain links to cover: the leaf capabilities (under ``root``)."""
    parents = set(
        Capability.objects.filter(parent__isnull=False).values_list("parent_id", flat=True)
    )
    leaves = Capability.objects.exclude(pk__in=parents)
    rows = list(leaves.values_list("pk", "code", "parent_id"))
    if root is None:
        return [code for _pk, code, _parent in rows]
    below = {root.pk}
    grew = True
    all_rows = list(Capability.objects.values_list("pk", "parent_id"))
    while grew:
        grew = False
        for pk, parent in all_rows:
            if parent in below and pk not in below:
                below.add(pk)
                grew = True
    return [code for pk, code, _parent in rows if pk in below]


@dataclass
class InvitationView:
    missing: list[str]
    suggestions: list[Suggestion]


def organizations_to_invite(
    *,
    viewer: Viewer,
    alliance: Alliance,
    root: Capability | None = None,
    country: str = "",
    k: int = 10,
) -> InvitationView:
    """Organizations outside ``alliance`` that provide the chain links no member covers."""
    members = {
        org_key(pk)
        for pk in Membership.objects.filter(
            alliance=alliance, status=MembershipStatus.ACTIVE
        ).values_list("organization_id", flat=True)
    }
    allowed = visible_org_keys(viewer) - members
    links = invitation_links(root)
    with using_matcher() as matcher:
        result = matcher.organizations_to_invite(
            links=links,
            text=alliance.description_en or alliance.description_zh or "",
            country=country,
            k=k,
            members=members,
            allowed=allowed,
        )
        recs = list(result.recommendations)
        pks = {parse_key(rec.id)[1] for rec in recs}
        rows = visible_organizations(viewer).filter(pk__in=pks).in_bulk()
        suggestions = _suggestions(recs, rows, matcher)
        lang = reader_language()
        missing = [matcher.taxonomy.label(code, lang) for code in result.missing]
    return InvitationView(missing=missing, suggestions=suggestions)
