"""Scoping the engine's answers to what a caller may see, and replacing ties and feedback.

Words and structure only (no embedder): these are about which candidates may appear."""

from __future__ import annotations

import pytest

from sanxin.engines.matching import (
    Feedback,
    Matcher,
    Organization,
    Project,
    Role,
    Tie,
    build_consortium,
)

pytestmark = pytest.mark.unit


@pytest.fixture
def matcher(taxonomy) -> Matcher:
    m = Matcher(taxonomy)
    orgs = [
        Organization("gears-a", names={"en": "Gearbox maker A"}, country="CN",
                     capabilities=frozenset({"wind-gearboxes"})),
        Organization("gears-b", names={"en": "Gearbox maker B"}, country="CN",
                     capabilities=frozenset({"wind-gearboxes"})),
        Organization("epc", names={"en": "EPC contractor"}, country="VN",
                     capabilities=frozenset({"epc-contracting"})),
        Organization("recycler", names={"en": "Battery recycler"}, country="VN",
                     capabilities=frozenset({"recycling-battery"}), member=False),
        Organization("owner", names={"en": "Wind developer"}, country="CN"),
    ]  # fmt: skip
    for org in orgs:
        m.upsert_organization(org)
    m.upsert_project(
        Project(
            "wf",
            titles={"en": "Wind farm seeking gearboxes"},
            project_type="wind",
            country="VN",
            owner="owner",
            roles=(
                Role("equipment_supplier", capabilities=frozenset({"wind-gearboxes"})),
                Role("epc"),
            ),
        )
    )
    return m


def _ids(recs) -> list[str]:
    return [r.owner for r in recs]


def test_allowed_limits_the_candidates(matcher):
    everyone = matcher.partners_for_project("wf")["equipment_supplier"]
    assert set(_ids(everyone)[:2]) == {"gears-a", "gears-b"}
    only_b = matcher.partners_for_project("wf", allowed={"gears-b", "epc"})
    assert "gears-a" not in _ids(only_b["equipment_supplier"])
    assert _ids(only_b["equipment_supplier"])[0] == "gears-b"
    assert matcher.partners_for_project("wf", allowed=set()) == {
        "equipment_supplier": [],
        "epc": [],
    }
    projects = matcher.projects_for_organization("gears-a", allowed=set())
    assert projects == []
    assert [r.ref for r in matcher.projects_for_organization("gears-a", allowed={"wf"})] == ["wf"]


def test_feedback_about_a_project_counts_for_its_partners(matcher):
    before = _ids(matcher.partners_for_project("wf")["equipment_supplier"])
    top = before[0]
    matcher.replace_feedback([Feedback(by="wf", target=top, interested=False)])
    after = _ids(matcher.partners_for_project("wf")["equipment_supplier"])
    assert after[0] != top
    assert after[-1] == top
    matcher.replace_feedback([])
    assert _ids(matcher.partners_for_project("wf")["equipment_supplier"]) == before


def test_replacing_ties_forgets_the_old_ones(matcher):
    matcher.replace_ties([Tie("owner", "epc", "consortium", project="old")])
    epc = matcher.partners_for_project("wf")["epc"][0]
    assert epc.reason("cooperation") is not None
    matcher.replace_ties([])
    epc = matcher.partners_for_project("wf")["epc"][0]
    assert epc.reason("cooperation") is None


def test_invitations_for_an_alliance_given_its_members(matcher):
    links = ["recycling-battery", "wind-gearboxes"]
    assert matcher.organizations_to_invite(links=links).missing == ("recycling-battery",)
    result = matcher.organizations_to_invite(links=links, members={"epc", "owner"})
    assert result.missing == ("recycling-battery", "wind-gearboxes")
    assert set(_ids(result.recommendations)) == {"recycler", "gears-a", "gears-b"}
    scoped = matcher.organizations_to_invite(
        links=links, members={"epc", "owner"}, allowed={"gears-b"}
    )
    assert _ids(scoped.recommendations) == ["gears-b"]


def test_organizations_for_an_organization(matcher):
    recs = matcher.organizations_for_organization("gears-a", allowed={"gears-b", "epc"})
    assert "gears-a" not in _ids(recs)
    assert set(_ids(recs)) <= {"gears-b", "epc"}
    assert all(0.0 <= r.score <= 1.0 for r in recs)


def test_consortium_only_from_allowed_organizations(matcher):
    result = build_consortium(matcher, "wf", allowed={"gears-b", "epc"})
    assert result.best is not None
    assert {a.org for a in result.best.assignments} == {"gears-b", "epc"}
    none = build_consortium(matcher, "wf", allowed=set())
    assert none.status == "infeasible"
    assert [(p.code, p.role) for p in none.problems] == [
        ("no_candidates", "equipment_supplier"),
        ("no_candidates", "epc"),
    ]
