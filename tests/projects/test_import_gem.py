"""Importing GEM tracker workbooks: plants, units, owners, stages, provinces, re-imports.

Small workbooks built here cover the edge cases; ``test_import_real_files.py`` runs the
published files.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.models import Organization
from sanxin.projects.enums import ConsortiumStatus, ProjectType, Stage
from sanxin.projects.interfaces.import_runner import ImportInputError, import_file
from sanxin.projects.models import (
    ConsortiumRole,
    ImportRun,
    Notification,
    Phase,
    Project,
    ProjectStageChange,
)
from tests.factories import OrganizationFactory
from tests.projects.factories import WatcherFactory
from tests.projects.gem_files import CITATION, gem_workbook, unit

pytestmark = pytest.mark.integration


def rows() -> list[dict]:
    return [
        # a plant of two units with two owners and their stakes, in Chinese too
        unit(
            "G1",
            "L1",
            "Jinsha power station",
            **{
                "Plant name (local)": "金沙电厂",
                "Owner": "Huadian Sichuan Power CO LTD [60%]; Sichuan Energy Investment Group "
                "[40%]",
                "Status": "operating",
                "Location": "Panzhihua",
            },
        ),
        unit(
            "G2",
            "L1",
            "Jinsha power station",
            **{
                "Unit name": "Unit 2",
                "Plant name (local)": "金沙电厂",
                "Owner": "Huadian Sichuan Power CO LTD [60%]; Sichuan Energy Investment Group "
                "[40%]",
                "Status": "construction",
                "Capacity (MW)": 1000.0,
            },
        ),
        # owner to be determined; an announced plant
        unit("G3", "L2", "Dali power station", Owner="to be determined", Status="announced"),
        # a Vietnamese plant in a pre-2025 province written without diacritics
        unit(
            "G4",
            "L3",
            "Hai Duong power station",
            **{
                "Country/Area": "Vietnam",
                "Owner": "Vietnam Electricity (EVN)",
                "Subnational unit (province, state)": "Hai Duong",
                "Status": "permitted",
            },
        ),
        # the same company spelled differently, with a stake and "other"
        unit(
            "G5",
            "L4",
            "Quang Ninh power station",
            **{
                "Country/Area": "Vietnam",
                "Owner": "VIETNAM ELECTRICITY LLC [70%]; other [30%]",
                "Subnational unit (province, state)": "Quảng Ninh Province",
                "Status": "mothballed",
            },
        ),
        # rows that cannot be imported
        unit("G6", "", "No location station"),
        unit("G7", "L6", "Odd station", Status="proposed"),
        unit("G8", "L7", "Bad capacity station", **{"Capacity (MW)": "about 600"}),
        # another country's row: counted, not imported, not skipped
        unit("G9", "L8", "Tokyo station", **{"Country/Area": "Japan"}),
    ]


@pytest.fixture
def workbook(tmp_path):
    return gem_workbook(tmp_path / "Global-Coal-Plant-Tracker-January-2099.xlsx", rows())


def test_a_workbook_becomes_projects_phases_and_owners(world, workbook):
    run = import_file(workbook, source="gem", alliance_slug=world.alliance.slug)
    assert (run.status, run.dataset) == ("done", CITATION)
    assert (run.rows_total, run.rows_other, run.rows_done, run.rows_skipped) == (8, 1, 8, 3)
    assert (run.projects_created, run.projects_updated, run.projects_unchanged) == (4, 0, 0)
    assert run.organizations_created == 3
    assert [(s["row"], s["sheet"], s["code"]) for s in run.skipped] == [
        (7, "Units", "no_location"),
        (8, "Units", "bad_status"),
        (9, "Units", "bad_capacity"),
    ]
    assert run.skipped[1]["params"] == {"value": "proposed"}

    jinsha = Project.objects.get(title_en="Jinsha power station")
    assert (jinsha.title_zh, jinsha.project_type, jinsha.country, jinsha.city) == (
        "金沙电厂",
        ProjectType.COAL,
        "CN",
        "Panzhihua",
    )
    assert (jinsha.stage, jinsha.furthest_stage, jinsha.capacity) == (
        Stage.OPERATION,
        Stage.OPERATION,
        Decimal("1600.000"),
    )
    assert (jinsha.alliance, jinsha.confidentiality, jinsha.source) == (
        world.alliance,
        Confidentiality.PUBLIC,
        "gem",
    )
    assert jinsha.source_dataset == CITATION
    assert jinsha.province.code == "CN-SC"
    assert jinsha.external_ids == {
        "gem_location": "L1",
        "gem_wiki": "https://www.gem.wiki/Jinsha_power_station",
    }
    assert list(jinsha.phases.values_list("number", "name_en", "capacity", "stage")) == [
        (1, "Unit 1", Decimal("600.000"), Stage.OPERATION),
        (2, "Unit 2", Decimal("1000.000"), Stage.CONSTRUCTION),
    ]
    assert jinsha.owner.name_en == "Huadian Sichuan Power CO LTD"
    assert list(
        jinsha.consortium.order_by("-share").values_list(
            "organization__name_en", "role", "status", "share", "source"
        )
    ) == [
        ("Huadian Sichuan Power CO LTD", "investor", ConsortiumStatus.CONFIRMED, 60, "gem"),
        ("Sichuan Energy Investment Group", "investor", ConsortiumStatus.CONFIRMED, 40, "gem"),
    ]
    assert list(jinsha.stage_changes.values_list("from_stage", "to_stage", "note")) == [
        ("", Stage.OPERATION, f"{CITATION}: operating, construction")
    ]


def test_owners_to_be_determined_and_others_never_become_organizations(world, workbook):
    import_file(workbook, source="gem")
    dali = Project.objects.get(title_en="Dali power station")
    assert (dali.owner, dali.stage, dali.consortium.count()) == (None, Stage.PROPOSED, 0)
    names = set(Organization.objects.values_list("name_en", flat=True))
    assert not names & {"to be determined", "other", "Others"}


def test_one_company_under_several_spellings_is_one_organization(world, workbook):
    import_file(workbook, source="gem")
    evn = Organization.objects.get(name_en="Vietnam Electricity (EVN)")
    assert (evn.short_name, evn.country, evn.confidentiality) == ("EVN", "VN", "public")
    hai_duong = Project.objects.get(title_en="Hai Duong power station")
    quang_ninh = Project.objects.get(title_en="Quang Ninh power station")
    assert hai_duong.owner == quang_ninh.owner == evn
    # 70 % and "other": a consortium role with the share, though only one organization
    assert list(quang_ninh.consortium.values_list("organization", "share")) == [(evn.pk, 70)]


def test_an_existing_organization_is_reused(world, workbook):
    existing = OrganizationFactory(
        slug="evn", name_en="Vietnam Electricity", name_vi="Tập đoàn Điện lực Việt Nam"
    )
    before = Organization.objects.count()
    run = import_file(workbook, source="gem")
    assert Project.objects.get(title_en="Hai Duong power station").owner == existing
    assert Organization.objects.count() == before + run.organizations_created
    assert run.organizations_created == 2  # the two Sichuan owners only
    existing.refresh_from_db()
    assert existing.name_en == "Vietnam Electricity"  # reused, not changed


def test_vietnamese_provinces_before_the_merger_map_to_their_rows(world, workbook):
    import_file(workbook, source="gem")
    hai_duong = Project.objects.get(title_en="Hai Duong power station").province
    quang_ninh = Project.objects.get(title_en="Quang Ninh power station").province
    assert (hai_duong.code, hai_duong.scheme, hai_duong.successor.code) == (
        "VN63-30",
        "vn63",
        "VN-31",
    )
    assert (quang_ninh.code, quang_ninh.successor.code) == ("VN63-22", "VN-22")


def test_statuses_map_to_stages(world, workbook):
    import_file(workbook, source="gem")
    got = {p.title_en: (p.stage, p.furthest_stage, p.resume_stage) for p in Project.objects.all()}
    assert got == {
        "Jinsha power station": (Stage.OPERATION, Stage.OPERATION, ""),
        "Dali power station": (Stage.PROPOSED, Stage.PROPOSED, ""),
        "Hai Duong power station": (Stage.AGREEMENT, Stage.AGREEMENT, ""),
        "Quang Ninh power station": (Stage.ON_HOLD, Stage.OPERATION, Stage.OPERATION),
    }


def test_reimporting_the_same_file_changes_nothing(world, workbook):
    import_file(workbook, source="gem", alliance_slug=world.alliance.slug)
    counts = (
        Project.objects.count(),
        Phase.objects.count(),
        ConsortiumRole.objects.count(),
        Organization.objects.count(),
        ProjectStageChange.objects.count(),
    )
    audit = AuditEntry.objects.count()
    stamps = dict(Project.objects.values_list("pk", "updated"))
    run = import_file(workbook, source="gem", alliance_slug=world.alliance.slug)
    assert (run.projects_created, run.projects_updated, run.projects_unchanged) == (0, 0, 4)
    assert run.organizations_created == 0
    assert (
        Project.objects.count(),
        Phase.objects.count(),
        ConsortiumRole.objects.count(),
        Organization.objects.count(),
        ProjectStageChange.objects.count(),
    ) == counts
    assert AuditEntry.objects.count() == audit
    assert dict(Project.objects.values_list("pk", "updated")) == stamps


def test_an_updated_file_updates_the_changed_plants(world, workbook, tmp_path):
    import_file(workbook, source="gem", alliance_slug=world.alliance.slug)
    jinsha = Project.objects.get(title_en="Jinsha power station")
    watcher = WatcherFactory(project=jinsha, person=world.member)
    manual = ConsortiumRole.objects.create(
        project=jinsha, organization=world.public_org, role="financier", status="confirmed"
    )
    audit = AuditEntry.objects.count()
    changed = rows()
    changed[1]["Status"] = "operating"  # unit 2 finished
    changed[0]["Owner"] = changed[1]["Owner"] = "Huadian Sichuan Power CO LTD [100%]"
    changed.append(unit("G10", "L1", "Jinsha power station", **{"Unit name": "Unit 3"}))
    changed[2]["Status"] = "cancelled"  # Dali
    newer = gem_workbook(tmp_path / "newer.xlsx", changed)
    run = import_file(newer, source="gem", alliance_slug=world.alliance.slug)
    assert (run.projects_created, run.projects_updated, run.projects_unchanged) == (0, 2, 2)

    jinsha.refresh_from_db()
    assert jinsha.capacity == Decimal("2200.000")
    assert list(jinsha.phases.values_list("number", "name_en", "stage")) == [
        (1, "Unit 1", Stage.OPERATION),
        (2, "Unit 2", Stage.OPERATION),
        (3, "Unit 3", Stage.OPERATION),
    ]
    # the imported investor roles follow the file; the role added by hand stays
    assert set(jinsha.consortium.values_list("organization__name_en", "role")) == {
        (manual.organization.name_en, "financier")
    }
    assert jinsha.owner.name_en == "Huadian Sichuan Power CO LTD"

    dali = Project.objects.get(title_en="Dali power station")
    assert (dali.stage, dali.furthest_stage) == (Stage.CANCELLED, Stage.PROPOSED)
    assert list(dali.stage_changes.values_list("from_stage", "to_stage")) == [
        ("", Stage.PROPOSED),
        (Stage.PROPOSED, Stage.CANCELLED),
    ]
    actions = sorted(
        AuditEntry.objects.order_by("id")[audit:].values_list("action", "object_label")
    )
    assert actions == [
        ("sanxin.project.import.updated", "Dali power station"),
        ("sanxin.project.import.updated", "Jinsha power station"),
        ("sanxin.project.stage.changed", "Dali power station"),
    ]
    # the stage did not change for Jinsha: its watcher is not told
    assert not Notification.objects.filter(person=watcher.person).exists()
    # details changed (Jinsha's capacity) count as a new version, a stage move alone does not
    assert (jinsha.version, dali.version) == (2, 1)


def test_watchers_hear_of_an_imported_stage_change(world, workbook, tmp_path):
    import_file(workbook, source="gem")
    dali = Project.objects.get(title_en="Dali power station")
    WatcherFactory(project=dali, person=world.member)
    changed = rows()
    changed[2]["Status"] = "construction"
    import_file(gem_workbook(tmp_path / "newer.xlsx", changed), source="gem")
    assert list(Notification.objects.values_list("person__username", "subject")) == [
        ("member", "Dali power station is now “Construction started”")
    ]


def test_a_secretariat_cannot_update_another_alliances_plants(world, workbook, tmp_path):
    from sanxin.projects.interfaces.import_runner import execute_run
    from sanxin.projects.models import ImportRun

    import_file(workbook, source="gem", alliance_slug=world.other_alliance.slug)
    changed = rows()
    changed[2]["Status"] = "construction"
    path = gem_workbook(tmp_path / "newer.xlsx", changed)
    run = ImportRun.objects.create(
        source="gem",
        alliance=world.alliance,
        file_name=path.name,
        started_by=world.secretariat,
        actor_label="secretariat",
    )
    run = execute_run(run.pk, path=path)
    assert (run.status, run.projects_updated, run.projects_unchanged) == ("done", 0, 3)
    assert [s["code"] for s in run.skipped][-1] == "other_alliance"
    assert Project.objects.get(title_en="Dali power station").stage == Stage.PROPOSED


def test_a_workbook_that_is_not_a_tracker_is_refused(world, tmp_path):
    import openpyxl

    path = tmp_path / "members.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["name_en", "country"])
    workbook.active.append(["Someone", "CN"])
    workbook.save(path)
    with pytest.raises(ImportInputError) as exc:
        import_file(path, source="gem")
    assert str(exc.value).startswith("This workbook has no Global Energy Monitor data sheet")
    assert not ImportRun.objects.exists()


def test_a_broken_file_is_refused(world, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportInputError) as exc:
        import_file(path, source="gem")
    assert str(exc.value) == "The file cannot be read: BadZipFile"
