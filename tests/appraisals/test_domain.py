"""run_appraisal: validation keyed by field, nothing saved on error, the stored record equals
the engine's result, immutability, permissions, the audit entry, the latest-appraisal helpers."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation

from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.domain.queries import latest_appraisal, latest_appraisals
from sanxin.appraisals.models import Appraisal, ImmutableError
from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.domain.access import viewer_for
from sanxin.engines.appraisal import appraise, parse_input
from sanxin.projects.domain.projects import delete_project
from sanxin.projects.enums import ConsortiumStatus, ProjectType
from sanxin.projects.models import Project
from tests.appraisals.factories import STORAGE_INPUTS, WIND_INPUTS, AppraisalFactory
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, title_en="Guangdong wind")


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def test_the_stored_record_is_the_engines_result(world, project):
    appraisal = run_appraisal(
        actor=world.member, project=project, data=WIND_INPUTS, scenario=" Base case "
    )
    expected = appraise(parse_input(WIND_INPUTS))
    assert appraisal.scenario == "Base case"
    assert appraisal.created_by == world.member
    assert appraisal.engine_version == expected.engine_version
    assert appraisal.technology == "wind"
    assert appraisal.currency == "CNY"
    assert appraisal.inputs == expected.inputs.to_dict()
    assert appraisal.result["npv_project"] == expected.npv_project
    assert appraisal.result["cash_flows"]["equity"] == list(expected.cash_flows.equity)
    assert appraisal.npv_project == Decimal(repr(expected.npv_project)).quantize(Decimal("0.01"))
    assert float(appraisal.irr_equity) == pytest.approx(expected.irr_equity, abs=1e-8)
    assert float(appraisal.lcoe_dcf) == pytest.approx(expected.lcoe_dcf, abs=1e-6)
    assert float(appraisal.min_dscr_pretax) == pytest.approx(expected.min_dscr_pretax, abs=1e-4)
    assert float(appraisal.tco2_lifetime) == pytest.approx(expected.tco2_avoided_lifetime, abs=1e-3)
    assert appraisal.emission_factor_region == "CN-GD"
    assert float(appraisal.emission_factor_t_per_mwh) == expected.emission_factor["t_per_mwh"]
    assert appraisal.emission_factor_source == expected.emission_factor["source"]
    assert [bar["input"] for bar in appraisal.tornado["bars"]][:2] != []
    assert appraisal.tornado["base"] == pytest.approx(expected.npv_project)


def test_the_stored_inputs_reproduce_the_result(world, project):
    stored = Appraisal.objects.get(pk=AppraisalFactory(project=project).pk)
    again = json.loads(json.dumps(appraise(parse_input(stored.inputs)).to_dict()))
    assert again == stored.result


def test_null_means_the_engines_default(world, project):
    data = {**WIND_INPUTS, "construction_years": None, "grace_years": None}
    appraisal = run_appraisal(actor=world.member, project=project, data=data, scenario="A")
    assert appraisal.inputs["construction_years"] == 1
    assert appraisal.inputs["grace_years"] == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"capacity_kw": -5}, "capacity_kw", "Enter a value above 0."),
        ({"years": 61}, "years", "Enter a whole number from 1 to 60."),
        ({"discount_rate": -2}, "discount_rate", "Enter a value above -100 % and at most 1000 %."),
        ({"debt_fraction": 1}, "debt_fraction", "Enter a value of at least 0 % and below 100 %."),
        ({"technology": None}, "technology", "This field is required."),
        (
            {"tax_rate": [0.25, 0.1]},
            "tax_rate",
            "Give one rate, or one rate for each of the 25 operating years.",
        ),
        (
            {"tax_rate": [0.25] * 24 + [2]},
            "tax_rate",
            "Enter a value of at least 0 % and below 100 %.",
        ),
        (
            {"region": "Atlantis"},
            "region",
            "No grid emission factor is known for this region and year: use a Chinese province "
            "(CN-GD), a grid region (CN-GRID-SOUTH), CN or VN, or enter the factor.",
        ),
        (
            {"loan_years": 30},
            "loan_years",
            "With debt, the loan term must be at least 1 year and at most the operating life "
            "(25 years).",
        ),
        (
            {"full_load_hours": 2000},
            "full_load_hours",
            "Give only one of the energy of year 1, the capacity factor and the full-load hours.",
        ),
        ({"colour": "green"}, "colour", "Unknown field."),
        ({"capacity_kw": 5e12}, "capacity_kw", "Enter a value of at most 1,000,000,000."),
        ({"discount_rate": -0.9}, "discount_rate", "Enter a value of at least -50 %."),
        (
            {"loss_carryforward_years": 100},
            "loss_carryforward_years",
            "Enter a whole number from 0 to 60.",
        ),
    ],
)
def test_errors_are_keyed_by_field_and_nothing_is_saved(world, project, change, field, message):
    audit = AuditEntry.objects.count()
    data = {**WIND_INPUTS, **change}
    if change.get("technology", "") is None:
        data.pop("technology")
    errors = _errors(
        lambda: run_appraisal(actor=world.member, project=project, data=data, scenario="A")
    )
    assert errors == {field: [message]}
    assert Appraisal.objects.count() == 0
    assert AuditEntry.objects.count() == audit


def test_the_scenario_is_checked_with_the_inputs(world, project):
    errors = _errors(
        lambda: run_appraisal(
            actor=world.member, project=project, data={**WIND_INPUTS, "years": 0}, scenario=" "
        )
    )
    assert errors == {
        "scenario": ["Give the scenario a name."],
        "years": ["Enter a whole number from 1 to 60."],
    }


def test_errors_come_in_the_users_language(world, project):
    with translation.override("zh-hans"):
        errors = _errors(
            lambda: run_appraisal(
                actor=world.member, project=project, data={**WIND_INPUTS, "years": 61}, scenario="A"
            )
        )
    assert errors == {"years": ["请输入 1 到 60 之间的整数。"]}
    with translation.override("vi"):
        errors = _errors(
            lambda: run_appraisal(
                actor=world.member, project=project, data={**WIND_INPUTS, "years": 61}, scenario="A"
            )
        )
    assert errors == {"years": ["Nhập một số nguyên từ 1 đến 60."]}


def test_numbers_the_engine_cannot_compute_are_refused_as_a_whole(world, project):
    data = {**WIND_INPUTS, "discount_rate": 1e-300}
    errors = _errors(
        lambda: run_appraisal(actor=world.member, project=project, data=data, scenario="A")
    )
    assert list(errors) == [NON_FIELD_ERRORS]
    assert Appraisal.objects.count() == 0


def test_the_technology_must_fit_the_project_type(world, project):
    errors = _errors(
        lambda: run_appraisal(
            actor=world.member,
            project=project,
            data={**WIND_INPUTS, "technology": "pv"},
            scenario="A",
        )
    )
    assert errors == {"technology": ["For a project of this type, choose: Wind power."]}
    factory = ProjectFactory(owner=world.member_org, project_type=ProjectType.CELL_MANUFACTURING)
    errors = _errors(
        lambda: run_appraisal(actor=world.member, project=factory, data=WIND_INPUTS, scenario="A")
    )
    assert errors == {
        "technology": [
            "The appraisal covers power generation and storage; this project's type is not covered."
        ]
    }


def test_only_the_team_appraises(world, project):
    ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    for person in (world.partner, world.other, world.guest):
        with pytest.raises(PermissionDenied):
            run_appraisal(actor=person, project=project, data=WIND_INPUTS, scenario="A")
    for person in (world.member, world.org_admin, world.secretariat, world.admin):
        run_appraisal(actor=person, project=project, data=WIND_INPUTS, scenario=person.username)
    assert sorted(Appraisal.objects.values_list("scenario", flat=True)) == [
        "admin",
        "member",
        "orgadmin",
        "secretariat",
    ]


def test_running_writes_the_audit_entry_on_the_project(world, project):
    appraisal = AppraisalFactory(project=project, actor=world.member, scenario="Base case")
    entry = AuditEntry.objects.get(action="sanxin.project.appraisal.created")
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "projects.project",
        str(project.pk),
        world.member,
    )
    assert entry.changes["new"][f"appraisal:{appraisal.pk}"]["scenario"] == "Base case"


def test_appraisals_are_immutable(world, project):
    appraisal = AppraisalFactory(project=project)
    appraisal.scenario = "Changed"
    with pytest.raises(ImmutableError):
        appraisal.save()
    with pytest.raises(ImmutableError):
        appraisal.delete()
    with pytest.raises(ImmutableError):
        Appraisal.objects.filter(pk=appraisal.pk).update(scenario="Changed")
    with pytest.raises(ImmutableError):
        Appraisal.objects.all().delete()
    assert Appraisal.objects.get().scenario != "Changed"


def test_deleting_the_project_takes_its_appraisals(world, project):
    AppraisalFactory(project=project)
    delete_project(actor=world.org_admin, project=project)
    assert Appraisal.objects.count() == 0


def test_latest_appraisal_is_the_newest(world, project):
    assert latest_appraisal(project) is None
    AppraisalFactory(project=project, scenario="first")
    second = AppraisalFactory(project=project, scenario="second")
    assert latest_appraisal(project) == second


def test_latest_appraisals_one_per_project_as_the_viewer_may_see(world, project):
    own = ProjectFactory(owner=world.member_org, confidentiality=Confidentiality.OWN)
    ConsortiumRoleFactory(
        project=own, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    other = ProjectFactory(owner=world.other_org)
    AppraisalFactory(project=project, scenario="old")
    newest = AppraisalFactory(project=project, scenario="new")
    own_latest = AppraisalFactory(project=own)
    other_latest = AppraisalFactory(project=other)
    rows = lambda person: set(latest_appraisals(viewer_for(person)))  # noqa: E731
    assert rows(world.admin) == {newest, own_latest, other_latest}
    assert rows(world.member) == {newest, own_latest}
    # The invited partner sees the own-organization project, not its financials.
    assert rows(world.partner) == {newest}
    assert rows(world.other) == {other_latest}
    assert rows(None) == set()
    narrowed = latest_appraisals(
        viewer_for(world.admin), projects=Project.objects.filter(pk=project.pk)
    )
    assert list(narrowed) == [newest]


def test_storage_is_stored_with_its_negative_carbon(world):
    project = ProjectFactory(owner=world.member_org, project_type=ProjectType.BATTERY_STORAGE)
    appraisal = AppraisalFactory(project=project, inputs=STORAGE_INPUTS)
    assert appraisal.technology == "storage"
    assert appraisal.tco2_lifetime < 0


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_appraisals_unchanged(world, project, tmp_path, settings):
    from sanxin.common.backup import create_backup, restore_backup

    settings.MEDIA_ROOT = tmp_path / "media"
    appraisal = AppraisalFactory(project=project, scenario="Kept")
    info = create_backup(tmp_path / "b.tar.gz")
    restore_backup(info.path)
    restored = Appraisal.objects.get()
    assert (restored.pk, restored.scenario, restored.result) == (
        appraisal.pk,
        "Kept",
        appraisal.result,
    )
    assert restored.npv_project == appraisal.npv_project


def test_the_rules_say_the_same_as_the_domain(world, project):
    own = ProjectFactory(owner=world.member_org, confidentiality=Confidentiality.OWN)
    ConsortiumRoleFactory(
        project=own, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    seen, hidden = AppraisalFactory(project=project), AppraisalFactory(project=own)
    assert world.partner.has_perm("appraisals.view_appraisal", seen)
    assert not world.partner.has_perm("appraisals.view_appraisal", hidden)
    assert not world.partner.has_perm("appraisals.add_appraisal", project)
    assert world.member.has_perm("appraisals.view_appraisal", hidden)
    assert world.member.has_perm("appraisals.add_appraisal", own)
    assert not world.other.has_perm("appraisals.view_appraisal", seen)
