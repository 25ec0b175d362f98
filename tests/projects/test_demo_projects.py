"""The demo projects: loaded through the domain functions after the demo alliance, in every
stage of the pipeline, with phases, milestones, partners, money and follow-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

pytestmark = pytest.mark.integration

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from sanxin.demo import load_everything

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_everything(today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_every_stage_of_the_pipeline_is_shown(db, demo):
    from sanxin.projects.models import Project

    projects = demo[1]
    assert projects.projects == 10
    stages = Counter(Project.objects.filter(is_demo=True).values_list("stage", flat=True))
    assert set(stages) == {
        "idea",
        "proposed",
        "agreement_signed",
        "financing_closed",
        "construction_started",
        "commissioning",
        "in_operation",
        "on_hold",
    }
    liangshan = Project.objects.get(title_en__startswith="Liangshan")
    assert [c.to_stage for c in liangshan.stage_changes.order_by("on")] == [
        "proposed",
        "agreement_signed",
        "financing_closed",
        "construction_started",
    ]
    assert liangshan.stage_since == TODAY - dt.timedelta(days=900)
    assert [p.stage for p in liangshan.phases.order_by("number")] == [
        "in_operation",
        "construction_started",
    ]


def test_partners_answered_by_their_own_admins_and_invitations_waiting(db, demo):
    from sanxin.common.audit import AuditEntry
    from sanxin.projects.models import ConsortiumRole

    rongchen = ConsortiumRole.objects.filter(organization__slug="rongchen-epc")
    assert Counter(rongchen.values_list("status", flat=True)) == {
        "confirmed": 3,
        "invited": 1,
        "suggested": 1,
    }
    accepted = AuditEntry.objects.filter(
        action="sanxin.project.consortium.accepted", actor__username="epc.partner"
    )
    assert accepted.count() == 3


def test_the_ratios_and_flags_have_something_to_show(db, demo):
    from sanxin.projects.domain.landing import landing_ratios
    from sanxin.projects.models import FollowUp, Milestone, Project

    ratios = landing_ratios(Project.objects.filter(is_demo=True), on=TODAY)
    values = {r.key: (r.numerator, r.denominator) for r in ratios}
    # Construction started or later: Liangshan, Suining, Ganzi, Nang Vang; of the 7 live
    # projects that reached an agreement (Baqing, on hold, counts; it is not cancelled).
    assert values["construction_started"] == (4, 7)
    assert values["in_operation"] == (1, 4)
    assert ratios.missing_rates == ()
    assert 0 < ratios.funds_arrived.value < 1
    overdue = Milestone.objects.filter(planned__lt=TODAY, status__in=["planned", "in_progress"])
    assert overdue.count() == 3
    assert FollowUp.objects.filter(due__lt=TODAY).count() == 2


def test_loading_again_changes_nothing(db, demo):
    from sanxin.demo import load_everything
    from sanxin.projects.models import Project

    again = load_everything(today=TODAY)
    assert len(again) == 1
    assert again[0].already_loaded is True
    assert Project.objects.filter(is_demo=True).count() == 10


def test_the_demo_projects_the_engine_covers_have_a_base_case_appraisal(db, demo):
    from sanxin.appraisals.domain.defaults import technologies_for
    from sanxin.appraisals.models import Appraisal
    from sanxin.projects.models import Project

    summary = demo[2]
    covered = [p for p in Project.objects.filter(is_demo=True) if technologies_for(p)]
    appraisals = Appraisal.objects.filter(project__is_demo=True).select_related("project")
    assert (summary.appraised, summary.not_covered) == (len(covered), 10 - len(covered))
    assert sorted(a.project_id for a in appraisals) == sorted(p.pk for p in covered)
    assert {a.scenario for a in appraisals} == {"Base case"}
    by_title = {a.project.title_en: a for a in appraisals}
    # the wind and storage base is appraised as wind, not as the PV its type lists first
    assert by_title["Liangshan 400 MW wind and storage base"].technology == "wind"
    # wind and PV avoid CO2; pumped storage charging from the grid with losses does not
    assert by_title["Canh Dieu 150 MW nearshore wind"].tco2_lifetime > 0
    assert by_title["Qianbei 1.2 GW pumped storage station"].tco2_lifetime < 0
