"""Matching through the Django layer: records from rows, visibility, feedback, invitations."""

from __future__ import annotations

import pytest

from sanxin.directory.domain.access import viewer_for
from sanxin.directory.enums import OfferKind
from sanxin.directory.models import Region
from sanxin.matching.domain.feedback import record_feedback
from sanxin.matching.domain.pairs import pair_score
from sanxin.matching.domain.recommend import (
    meetings_for_participant,
    offers_for_organization,
    organizations_to_invite,
    partners_for_project,
    projects_for_organization,
)
from sanxin.matching.domain.records import project_key, project_records
from sanxin.matching.models import Feedback
from sanxin.projects.enums import ConsortiumStatus, Stage
from tests.factories import (
    OfferFactory,
    OrganizationFactory,
    PersonFactory,
    capability,
)
from tests.matching.conftest import org
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration


def _partners(world, role: str, mm, person=None) -> dict[str, list[str]]:
    viewer = viewer_for(person if person is not None else world.person(role))
    groups = partners_for_project(viewer=viewer, project=mm.project, k=10)
    return {g.key: [s.obj.slug for s in g.suggestions] for g in groups}


def test_open_roles_follow_the_project_type_and_the_consortium(world, matchmaking):
    record = project_records([matchmaking.project.pk])[project_key(matchmaking.project.pk)]
    assert [r.role for r in record.open_roles()] == [
        "investor",
        "epc",
        "equipment_supplier",
        "financier",
        "om",
        "local_partner",
    ]
    assert record.local_partner_required  # a Chinese owner, a project in Vietnam
    ConsortiumRoleFactory(
        project=matchmaking.project,
        organization=matchmaking.epc,
        role="epc",
        status=ConsortiumStatus.CONFIRMED,
    )
    record = project_records([matchmaking.project.pk])[project_key(matchmaking.project.pk)]
    assert "epc" not in [r.role for r in record.open_roles()]
    assert record.members == frozenset({f"o{matchmaking.epc.pk}"})


def test_partners_fit_their_roles_and_hidden_organizations_never_show(world, matchmaking):
    found = _partners(world, "member", matchmaking)
    assert found["epc"][0] == "vn-epc"
    assert found["financier"] == ["public-org"]  # only a financial institution may lend
    assert found["local_partner"] == ["vn-epc"]  # only from the host country
    everyone = {slug for slugs in found.values() for slug in slugs}
    assert "other-org" not in everyone  # another alliance's organization
    assert "member-org" not in everyone  # the owner itself
    # the platform admin sees every organization, the other alliance's gearbox maker too
    assert "other-org" in _partners(world, "admin", matchmaking)["equipment_supplier"]


def test_declined_organizations_are_not_proposed_again(world, matchmaking):
    ConsortiumRoleFactory(
        project=matchmaking.project,
        organization=matchmaking.epc,
        role="epc",
        status=ConsortiumStatus.DECLINED,
    )
    found = _partners(world, "member", matchmaking)
    assert "vn-epc" not in {slug for slugs in found.values() for slug in slugs}


def test_not_interested_sends_a_partner_to_the_bottom_and_interested_says_so(world, matchmaking):
    before = _partners(world, "member", matchmaking)["epc"]
    assert before[0] == "vn-epc"
    record_feedback(
        actor=world.member,
        subject=project_key(matchmaking.project.pk),
        target=f"o{matchmaking.epc.pk}",
        interested=False,
    )
    after = _partners(world, "member", matchmaking)["epc"]
    assert after[-1] == "vn-epc"
    assert sorted(after) == sorted(before)  # kept, at the bottom
    record_feedback(
        actor=world.org_admin,
        subject=project_key(matchmaking.project.pk),
        target=f"o{matchmaking.gears.pk}",
        interested=True,
    )
    groups = partners_for_project(
        viewer=viewer_for(world.org_admin), project=matchmaking.project, k=10
    )
    gears = next(
        s
        for g in groups
        if g.key == "equipment_supplier"
        for s in g.suggestions
        if s.obj == matchmaking.gears
    )
    assert gears.feedback is True
    assert "interested" in [r.code for r in gears.reasons]
    # one answer per person and target: answering again replaces it
    record_feedback(
        actor=world.org_admin,
        subject=project_key(matchmaking.project.pk),
        target=f"o{matchmaking.gears.pk}",
        interested=False,
    )
    assert list(Feedback.objects.filter(person=world.org_admin).values_list("interested")) == [
        (False,)
    ]


def test_feedback_only_from_the_team_and_only_about_what_one_sees(world, matchmaking):
    from django.core.exceptions import PermissionDenied, ValidationError

    subject = project_key(matchmaking.project.pk)
    with pytest.raises(PermissionDenied):  # sees the project, not on its team
        record_feedback(
            actor=world.partner, subject=subject, target=f"o{matchmaking.epc.pk}", interested=True
        )
    with pytest.raises(ValidationError):  # an organization the member may not see
        record_feedback(
            actor=world.member, subject=subject, target=f"o{world.other_org.pk}", interested=True
        )
    with pytest.raises(ValidationError):
        record_feedback(actor=world.member, subject="x1", target="o1", interested=True)
    with pytest.raises(PermissionDenied):  # speaking for another organization
        record_feedback(
            actor=world.member,
            subject=f"o{world.partner_org.pk}",
            target=f"o{matchmaking.epc.pk}",
            interested=True,
        )
    assert Feedback.objects.count() == 0


def test_projects_and_offers_for_an_organization(world, matchmaking):
    request = OfferFactory(
        organization=world.partner_org,
        kind=OfferKind.REQUEST,
        title_en="We seek a gearbox maker",
        text_en="Gearboxes for a wind farm.",
    )
    request.capabilities.set([capability("wind-gearboxes")])
    hidden = OfferFactory(organization=world.other_org, title_en="Hidden gearbox request")
    hidden.capabilities.set([capability("wind-gearboxes")])
    viewer = viewer_for(world.member)
    projects = projects_for_organization(viewer=viewer, organization=matchmaking.gears)
    assert [s.obj for s in projects] == [matchmaking.project]
    assert projects[0].role in {"equipment_supplier", "om"}
    offers = offers_for_organization(viewer=viewer, organization=matchmaking.gears)
    assert [s.obj for s in offers] == [request]
    assert "capabilities" in [r.code for r in offers[0].reasons]
    # the other alliance's admin sees neither the project nor the request
    other = viewer_for(world.other)
    assert projects_for_organization(viewer=other, organization=world.public_org) == []
    assert offers_for_organization(viewer=other, organization=world.other_org) == []


def test_projects_that_left_the_open_stages_are_not_proposed(world, matchmaking):
    matchmaking.project.stage = Stage.OPERATION
    matchmaking.project.save()
    viewer = viewer_for(world.member)
    assert projects_for_organization(viewer=viewer, organization=matchmaking.gears) == []
    assert partners_for_project(viewer=viewer, project=matchmaking.project) == []


def test_meetings_among_listed_participants(world, matchmaking):
    from tests.events.factories import EventFactory, RegistrationFactory

    event = EventFactory(alliance=world.alliance)
    mine = RegistrationFactory(event=event, person=world.member, offers="", seeks="Gearboxes")
    gears_person = PersonFactory(organization=matchmaking.gears)
    theirs = RegistrationFactory(
        event=event, person=gears_person, offers="风电齿轮箱", seeks="越南的风电项目"
    )
    unlisted = RegistrationFactory(
        event=event, person=PersonFactory(organization=matchmaking.epc), listed=False
    )
    from sanxin.events.domain.access import event_viewer

    found = meetings_for_participant(viewer=event_viewer(world.member), registration=mine)
    assert [s.obj for s in found] == [theirs]
    assert unlisted not in [s.obj for s in found]


def test_organizations_to_invite_fill_missing_links(world, matchmaking):
    org(
        "vn-recycler",
        ("recycling-battery",),
        country="VN",
        name_en="Hai Phong Battery Recycling",
    )
    org("other-recycler", ("recycling-battery",), world.other_alliance)
    result = organizations_to_invite(
        viewer=viewer_for(world.secretariat), alliance=world.alliance, k=50
    )
    slugs = [s.obj.slug for s in result.suggestions]
    assert "vn-recycler" in slugs  # in no alliance: a prospect the secretariat may see
    assert "other-recycler" not in slugs  # in another alliance: not visible to this one
    assert "gears" not in slugs  # already a member
    assert "Battery recycling and material recovery" in result.missing
    assert "Gearboxes" not in result.missing  # the alliance's gearbox maker covers it


def test_pair_score_is_a_calibrated_fit(world, matchmaking):
    score = pair_score(org_a=matchmaking.epc, org_b=world.member_org)
    assert score is not None
    assert 0.0 <= score <= 1.0
    assert pair_score(org_a=matchmaking.epc, org_b=matchmaking.epc) is None
    new = OrganizationFactory.build(pk=10**9, slug="unsaved")
    assert pair_score(org_a=matchmaking.epc, org_b=new) is None


def test_changes_reach_the_matcher_without_a_restart(world, matchmaking):
    viewer = viewer_for(world.member)
    assert "late-epc" not in _partners(world, "member", matchmaking)["epc"]
    org("late-epc", ("epc-contracting",), world.alliance, country="VN", name_en="Late EPC")
    assert "late-epc" in _partners(world, "member", matchmaking)["epc"]
    another = ProjectFactory(owner=world.partner_org, alliance=world.alliance, stage=Stage.IDEA)
    projects = projects_for_organization(viewer=viewer, organization=matchmaking.gears, k=10)
    assert another in [s.obj for s in projects]
    another.delete()
    projects = projects_for_organization(viewer=viewer, organization=matchmaking.gears, k=10)
    assert another not in [s.obj for s in projects]


def test_where_an_organization_already_works_counts_as_region(world, matchmaking):
    province = Region.objects.filter(country="VN", scheme="vn2025").order_by("code").first()
    matchmaking.project.province = province
    matchmaking.project.save()
    earlier = ProjectFactory(owner=world.partner_org, country="VN", province=province)
    ConsortiumRoleFactory(
        project=earlier, organization=matchmaking.gears, role="equipment_supplier"
    )
    groups = partners_for_project(viewer=viewer_for(world.member), project=matchmaking.project)
    gears = next(
        s
        for g in groups
        if g.key == "equipment_supplier"
        for s in g.suggestions
        if s.obj == matchmaking.gears
    )
    assert f"Already works in {province.name}" in [r.text for r in gears.reasons]


def test_meeting_feedback_and_past_meetings(world, matchmaking):
    from sanxin.events.domain.access import event_viewer
    from tests.events.factories import (
        EventFactory,
        MeetingFactory,
        MeetingRequestFactory,
        RegistrationFactory,
    )

    earlier = EventFactory(alliance=world.alliance)
    MeetingFactory(
        request=MeetingRequestFactory(
            sender=RegistrationFactory(event=earlier, person=world.member),
            recipient=RegistrationFactory(
                event=earlier, person=PersonFactory(organization=matchmaking.gears)
            ),
            status="accepted",
        ),
        table=1,
    )
    event = EventFactory(alliance=world.alliance)
    mine = RegistrationFactory(event=event, person=world.member)
    gears = RegistrationFactory(event=event, person=PersonFactory(organization=matchmaking.gears))
    epc = RegistrationFactory(event=event, person=PersonFactory(organization=matchmaking.epc))
    viewer = event_viewer(world.member)
    found = meetings_for_participant(viewer=viewer, registration=mine)
    by_obj = {s.obj: s for s in found}
    assert set(by_obj) == {gears, epc}
    # the member's organization and the gear maker share a live project? no: met before
    assert "met_before" in [r.code for r in by_obj[gears].reasons]
    top = found[0].obj
    record_feedback(
        actor=world.member, subject=f"o{world.member_org.pk}", target=f"r{top.pk}", interested=False
    )
    again = meetings_for_participant(viewer=viewer, registration=mine)
    assert [s.obj for s in again][-1] == top
    assert again[-1].feedback is False


def test_a_schedule_weighs_accepted_requests_by_the_pair_score(world, matchmaking):
    from decimal import Decimal

    from sanxin.events.domain.scheduling import fill_match_scores, request_weight
    from sanxin.events.enums import RequestStatus
    from tests.events.factories import EventFactory, MeetingRequestFactory, RegistrationFactory

    event = EventFactory(alliance=world.alliance)
    epc_person = PersonFactory(organization=matchmaking.epc)
    accepted = MeetingRequestFactory(
        sender=RegistrationFactory(event=event, person=world.member),
        recipient=RegistrationFactory(event=event, person=epc_person),
        status=RequestStatus.ACCEPTED,
    )
    pending = MeetingRequestFactory(
        sender=accepted.sender,
        recipient=RegistrationFactory(event=event, person=world.secretariat),
        status=RequestStatus.PENDING,
    )
    assert fill_match_scores(event) == 1
    accepted.refresh_from_db()
    pending.refresh_from_db()
    expected = pair_score(org_a=world.member_org, org_b=matchmaking.epc)
    assert accepted.match_score == Decimal(str(expected)).quantize(Decimal("0.001"))
    assert pending.match_score is None  # only accepted requests go into a schedule
    assert request_weight(accepted) == 20 + round(9 * expected)
    assert fill_match_scores(event) == 0  # a score once set stays


def test_pair_scores_look_at_the_matcher_once_for_all_pairs(world, matchmaking):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanxin.matching.domain.pairs import pair_scores

    pairs = [
        (matchmaking.epc, world.member_org),
        (matchmaking.gears, world.member_org),
        (matchmaking.epc, matchmaking.epc),
    ]
    pair_scores(pairs[:1])  # the matcher is built
    with CaptureQueriesContext(connection) as one:
        pair_scores(pairs[:1])
    with CaptureQueriesContext(connection) as three:
        scores = pair_scores(pairs)
    assert len(three.captured_queries) == len(one.captured_queries)
    assert scores == [pair_score(org_a=a, org_b=b) for a, b in pairs]
    assert scores[2] is None
