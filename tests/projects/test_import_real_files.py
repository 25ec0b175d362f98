"""The published files from ../shared/data: the smallest GEM tracker with China and Vietnam
rows (nuclear) and the GPPD CSV. Skipped with the reason when the data is absent."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from sanxin.common.models import AuditEntry
from sanxin.directory.models import Organization
from sanxin.projects.enums import ProjectType, Stage
from sanxin.projects.interfaces.import_runner import import_file
from sanxin.projects.models import Project
from tests.projects.gem_files import shared_file

pytestmark = pytest.mark.integration

NUCLEAR = ("gem", "Global-Nuclear-Power-Tracker-July-2024.xlsx")
GPPD = ("gppd", "gppd_v130_CHN_VNM.csv")


def test_the_nuclear_tracker_as_published(world):
    path = shared_file(*NUCLEAR)
    run = import_file(path, source="gem", alliance_slug=world.alliance.slug)
    assert run.status == "done"
    assert run.dataset == "Global Energy Monitor, Global Nuclear Power Tracker, July 2024 release"
    assert (run.rows_total, run.rows_other, run.rows_skipped) == (355, 1186, 0)
    assert (run.projects_created, run.organizations_created) == (84, 24)
    assert Project.objects.filter(source="gem", project_type=ProjectType.NUCLEAR).count() == 84

    ninh_thuan = Project.objects.get(title_en="Ninh Thuận 1 nuclear power plant")
    assert (ninh_thuan.country, ninh_thuan.province.code, ninh_thuan.stage) == (
        "VN",
        "VN63-58",
        Stage.CANCELLED,
    )
    assert ninh_thuan.capacity == Decimal("4800.000")
    assert list(ninh_thuan.phases.values_list("name_en", "stage")) == [
        (str(n), Stage.CANCELLED) for n in range(1, 5)
    ]
    evn = ninh_thuan.owner
    assert (evn.name_en, evn.name_vi, evn.short_name) == (
        "Vietnam Electricity (EVN)",
        "Tập đoàn Điện lực Việt Nam (EVN)",
        "EVN",
    )
    longyou = Project.objects.get(title_zh="龙游核电站")
    # one organization for CNNC, whichever of its Chinese spellings came first
    assert sorted(longyou.consortium.values_list("organization__name_en", "share")) == [
        ("China National Nuclear CORP", None),
        ("Zhejiang Energy Group CO LTD", None),
    ]
    assert Organization.objects.filter(name_en__iexact="China National Nuclear CORP").count() == 1
    assert longyou.province.code == "CN-ZJ"

    audit = AuditEntry.objects.count()
    again = import_file(path, source="gem", alliance_slug=world.alliance.slug)
    assert (again.projects_created, again.projects_updated, again.projects_unchanged) == (0, 0, 84)
    assert AuditEntry.objects.count() == audit


def test_the_power_plant_database_as_published(world):
    nuclear = shared_file(*NUCLEAR)
    path = shared_file(*GPPD)
    import_file(nuclear, source="gem")
    run = import_file(path, source="gppd")
    assert run.dataset.endswith("Global Power Plant Database v1.3.0")
    assert (run.rows_total, run.rows_other, run.projects_created) == (4471, 0, 4469)
    assert [(s["row"], s["code"]) for s in run.skipped] == [(2198, "no_name"), (4367, "no_name")]
    gppd = Project.objects.filter(source="gppd")
    types = Counter(gppd.values_list("project_type", flat=True))
    # 970 coal rows in the file, one of them without a name
    assert (types[ProjectType.PV], types[ProjectType.WIND], types[ProjectType.COAL]) == (
        1334,
        840,
        969,
    )
    assert set(gppd.values_list("stage", flat=True)) == {Stage.OPERATION}
    # GEM's and WRI's spellings of Vietnam Electricity are one organization: 35 rows
    # "Vietnam Electricity (EVN)" and one "Electricity of Vietnam" (its subsidiaries are not)
    assert Organization.objects.filter(short_name="EVN").count() == 1
    evn = Organization.objects.get(short_name="EVN")
    assert gppd.filter(owner=evn).count() == 36
    assert Organization.objects.filter(name_en__startswith="Ialy Hydro Power Company").count() == 2
