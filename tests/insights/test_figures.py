"""Dashboard figures against the database, for each viewer and scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Q

from sanxin.appraisals.models import Appraisal
from sanxin.directory.domain.access import viewer_for
from sanxin.insights.domain.figures import dashboard_figures
from sanxin.insights.domain.scope import build_scope, scope_projects
from sanxin.projects.domain.landing import landing_ratios
from sanxin.projects.models import Project

pytestmark = pytest.mark.integration


def _figures(world, role="secretariat", **filters):
    viewer = viewer_for(world.person(role))
    scope = build_scope(viewer=viewer, alliance=world.alliance, **filters)
    return dashboard_figures(viewer=viewer, scope=scope)


def _latest_tco2(projects) -> Decimal:
    """tco2_year1 of each project's newest appraisal, summed in Python."""
    total = Decimal(0)
    for project in projects:
        latest = Appraisal.objects.filter(project=project).order_by("-created", "-id").first()
        if latest is not None and latest.tco2_year1 is not None:
            total += latest.tco2_year1
    return total


def test_secretariat_sees_the_whole_pipeline(world, pipeline):
    f = _figures(world)
    assert f.projects_total == 4
    assert {r.key: r.value for r in f.by_stage} == {
        "idea": 1,
        "proposed": 1,
        "agreement_signed": 1,
        "financing_closed": 0,
        "construction_started": 1,
        "commissioning": 0,
        "in_operation": 0,
    }
    assert [(r.key, r.value) for r in f.by_type] == sorted(
        [
            ("battery_recycling", 1),
            ("battery_storage", 1),
            ("equipment_manufacturing", 1),
            ("wind", 1),
        ],
        key=lambda kv: next(r.label for r in f.by_type if r.key == kv[0]),
    )
    assert {r.key: r.value for r in f.by_region} == {
        "CN:": 1,
        "CN:" + pipeline.sichuan.code: 1,
        "VN:": 2,
    }


def test_capacity_is_summed_per_unit_never_across_units(world, pipeline):
    f = _figures(world)
    assert [(c.unit, c.total, [(r.key, r.value) for r in c.rows]) for c in f.capacity] == [
        ("MW", Decimal("100"), [("construction_started", Decimal("100"))]),
        ("MWh", Decimal("200"), [("agreement_signed", Decimal("200"))]),
        ("t/yr", Decimal("50"), [("idea", Decimal("50"))]),
    ]


def test_investment_is_converted_exactly_and_missing_rates_are_listed(world, pipeline):
    inv = _figures(world).investment
    assert inv.missing_rates == ("VND",)
    assert {m.key: m.cny for m in inv.rows} == {
        "idea": Decimal("0.00"),
        "proposed": Decimal("20000000.00"),
        "agreement_signed": Decimal("71000000.00"),
        "construction_started": Decimal("500000000.00"),
    }
    assert inv.total_cny == Decimal("591000000.00")
    assert inv.by_currency == {
        "CNY": Decimal("520000000.00"),
        "USD": Decimal("10000000.00"),
        "VND": Decimal("1000000000.00"),
    }


def test_tco2_is_the_sum_of_latest_appraisals_against_the_target(world, pipeline):
    f = _figures(world)
    expected = _latest_tco2([pipeline.wind, pipeline.storage])
    assert expected > 0
    assert f.carbon.tco2_per_year == expected
    assert f.carbon.tco2_per_year == pipeline.latest_wind.tco2_year1 + (
        pipeline.storage_appraisal.tco2_year1
    )
    assert f.carbon.appraised == 2
    assert f.carbon.target == Decimal("500000.0")
    assert f.carbon.percent_of_target == (expected * 100 / Decimal(500000)).quantize(Decimal("0.1"))


def test_landing_ratios_are_the_projects_apps(world, pipeline):
    f = _figures(world)
    ids = [pipeline.wind.pk, pipeline.storage.pk, pipeline.recycling.pk, pipeline.own.pk]
    expected = landing_ratios(Project.objects.filter(pk__in=ids), on=f.scope.end)
    assert [(r.key, r.numerator, r.denominator) for r in f.landing] == [
        (r.key, r.numerator, r.denominator) for r in expected
    ]


def test_event_outcomes_for_organisers_only(world, pipeline):
    f = _figures(world)
    assert [(e.title, e.projects, e.registrations, e.held, e.outcomes) for e in f.events] == [
        ("Chengdu symposium", 1, 2, 1, {"follow_up": 0, "agreement": 1, "no_fit": 0})
    ]
    assert f.outcomes_visible
    member = _figures(world, "member")
    assert [(e.title, e.projects, e.registrations, e.outcomes) for e in member.events] == [
        ("Chengdu symposium", 1, None, None)
    ]
    assert not member.outcomes_visible


def test_members_and_freshness(world, pipeline):
    m = _figures(world).members
    assert (m.members, m.confirmed_recently, m.stale, m.never_confirmed) == (4, 4, 0, 0)
    world.public_org.last_confirmed = None
    world.public_org.save()
    m = _figures(world).members
    assert (m.members, m.confirmed_recently, m.never_confirmed, m.updated_in_period) == (
        4,
        3,
        1,
        4,
    )


def test_partner_does_not_count_what_it_may_not_see(world, pipeline):
    f = _figures(world, "partner")
    assert f.projects_total == 3  # not the member's own-organization project
    assert f.investment.total_cny == Decimal("571000000.00")
    member = _figures(world, "member")
    assert member.projects_total == 4


def test_region_and_event_narrow_the_scope(world, pipeline):
    viewer = viewer_for(world.secretariat)

    def titles(**filters):
        scope = build_scope(viewer=viewer, alliance=world.alliance, **filters)
        return sorted(p.title_en for p in scope_projects(viewer, scope))

    assert titles(region=pipeline.sichuan.code) == ["Liangshan wind farm"]
    assert titles(region="vn") == ["Battery recycling plant", "Hai Phong battery storage"]
    assert titles(event_id=pipeline.event.pk) == ["Liangshan wind farm"]
    f = _figures(world, event_id=pipeline.event.pk)
    assert f.event_report is not None
    assert f.event_report.outcomes == {"follow_up": 0, "agreement": 1, "no_fit": 0}


def test_bad_filters_say_what_to_fix(world, pipeline):
    import datetime as dt

    from django.core.exceptions import ValidationError

    viewer = viewer_for(world.secretariat)
    with pytest.raises(ValidationError) as exc:
        build_scope(viewer=viewer, alliance=world.alliance, region="Atlantis")
    assert exc.value.message_dict == {
        "region": ["Choose China, Vietnam or one of their provinces."]
    }
    with pytest.raises(ValidationError) as exc:
        build_scope(
            viewer=viewer,
            alliance=world.alliance,
            start=dt.date(2025, 5, 1),
            end=dt.date(2025, 4, 1),
        )
    assert exc.value.message_dict == {"end": ["The end of the period is before its start."]}
    other_event = pipeline.event.__class__.objects.create(
        alliance=world.other_alliance,
        title_en="Elsewhere",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        build_scope(viewer=viewer, alliance=world.alliance, event_id=other_event.pk)
    assert exc.value.message_dict == {"event": ["Choose one of the alliance's events."]}


@pytest.mark.parametrize("role", ["secretariat", "admin", "member", "partner", "org_admin"])
def test_alliance_projects_follow_the_visibility_rules(world, pipeline, role):
    """The alliance's projects as written for speed (no visibility condition for those who see
    the whole alliance; one table pass for the others) are those of visible_projects."""
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.enums import MembershipStatus
    from sanxin.directory.models import Membership
    from sanxin.insights.domain.scope import active_member_ids, alliance_projects
    from sanxin.projects.domain.access import visible_projects
    from tests.factories import OrganizationFactory
    from tests.projects.factories import ProjectFactory

    hidden_owner = OrganizationFactory(confidentiality=Confidentiality.OWN)
    Membership.objects.create(
        alliance=world.alliance, organization=hidden_owner, status=MembershipStatus.ACTIVE
    )
    for confidentiality in Confidentiality.values:
        ProjectFactory(owner=hidden_owner, confidentiality=confidentiality)
        ProjectFactory(owner=None, alliance=world.alliance, confidentiality=confidentiality)
        ProjectFactory(
            owner=world.other_org, alliance=world.alliance, confidentiality=confidentiality
        )
    viewer = viewer_for(world.person(role))
    expected = set(
        visible_projects(viewer)
        .filter(Q(alliance=world.alliance) | Q(owner_id__in=active_member_ids(world.alliance)))
        .values_list("pk", flat=True)
    )
    assert set(alliance_projects(viewer, world.alliance).values_list("pk", flat=True)) == expected
    if role in ("secretariat", "admin"):
        assert len(expected) == 4 + 9
