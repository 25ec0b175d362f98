"""Importing organizations and memberships from CSV and Excel: all or nothing, row by row errors."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from sanxin.common.models import AuditEntry
from sanxin.directory.enums import MembershipRole, MembershipStatus
from sanxin.directory.interfaces.importers import (
    RowError,
    import_organizations,
    import_organizations_file,
)
from sanxin.directory.interfaces.tabular import TabularError, read_table
from sanxin.directory.models import Membership, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.integration

HEADER = [
    "name_zh",
    "name_en",
    "name_vi",
    "short_name",
    "type",
    "country",
    "province",
    "segments",
    "capabilities",
    "situation_en",
    "website",
    "email",
    "phone",
    "confidentiality",
    "membership_role",
    "member_since",
]
GOOD_ROWS = [
    [
        "川西齿轮箱有限公司",
        "West Sichuan Gearbox Co.",
        "",
        "WSG",
        "enterprise",
        "CN",
        "Sichuan",
        "wind",
        "wind-gearboxes; wind-bearings",
        "20 MW-class gearbox passed a 168-hour test.",
        "wsg.example.cn",
        "info@wsg.example.cn",
        "+86 28 1234 5678",
        "public",
        "vice_chair",
        "2021-03-01",
    ],
    [
        "",
        "Mekong Battery JSC",
        "Công ty Cổ phần Pin Mê Kông",
        "",
        "State-owned enterprise",
        "Vietnam",
        "VN-01",
        "",
        "Gearboxes, Bearings",
        "",
        "",
        "",
        "",
        "",
        "member",
        "",
    ],
    [
        "重庆储能研究院",
        "",
        "",
        "",
        "research",
        "中国",
        "重庆市",
        "",
        "",
        "",
        "",
        "",
        "",
        "alliance",
        "",
        "",
    ],
]


def write_xlsx(path, header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, header, rows, encoding="utf-8"):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def counts():
    return Organization.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


def test_good_csv_imports_every_row_with_audit_entries(world, tmp_path):
    path = write_csv(tmp_path / "orgs.csv", HEADER[:14], [r[:14] for r in GOOD_ROWS])

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    assert result.errors == []
    assert (result.ok, result.created, result.updated) == (True, 3, 0)
    gearbox = Organization.objects.get(name_en="West Sichuan Gearbox Co.")
    assert gearbox.name_zh == "川西齿轮箱有限公司"
    assert gearbox.short_name == "WSG"
    assert gearbox.country == "CN"
    assert gearbox.province.code == "CN-SC"
    assert sorted(gearbox.segments.values_list("code", flat=True)) == ["wind"]
    assert sorted(gearbox.capabilities.values_list("code", flat=True)) == [
        "wind-bearings",
        "wind-gearboxes",
    ]
    assert gearbox.website == "https://wsg.example.cn"
    assert gearbox.phone == "+86 28 1234 5678"
    assert gearbox.confidentiality == "public"
    mekong = Organization.objects.get(name_en="Mekong Battery JSC")
    assert (mekong.org_type, mekong.country, mekong.province.code) == ("soe", "VN", "VN-01")
    assert mekong.confidentiality == "alliance"
    institute = Organization.objects.get(name_zh="重庆储能研究院")
    assert (institute.org_type, institute.country, institute.province.code) == (
        "research",
        "CN",
        "CN-CQ",
    )
    created = AuditEntry.objects.filter(action="sanxin.organization.created")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(
        str(o.pk) for o in (gearbox, mekong, institute)
    )
    assert set(created.values_list("actor_label", flat=True)) == {"system"}


def test_good_xlsx_by_the_secretariat_makes_members_of_its_alliance(world, tmp_path):
    table = read_table(write_xlsx(tmp_path / "orgs.xlsx", HEADER, GOOD_ROWS))

    result = import_organizations(
        actor=world.secretariat, table=table, alliance=None, dry_run=False
    )

    assert (result.errors, result.created, result.updated) == ([], 3, 0)
    assert result.alliance == world.alliance
    memberships = {
        m.organization.slug: (m.status, m.role, m.since)
        for m in Membership.objects.filter(
            alliance=world.alliance, organization__slug__in=[p.slug for p in result.rows]
        ).select_related("organization")
    }
    gearbox, mekong, institute = (p.slug for p in result.rows)
    assert memberships[gearbox] == (
        MembershipStatus.ACTIVE,
        MembershipRole.VICE_CHAIR,
        dt.date(2021, 3, 1),
    )
    assert memberships[mekong][:2] == (MembershipStatus.ACTIVE, MembershipRole.MEMBER)
    assert memberships[institute][:2] == (MembershipStatus.ACTIVE, MembershipRole.MEMBER)
    assert len(memberships) == 3
    entries = AuditEntry.objects.filter(actor=world.secretariat)
    assert entries.filter(action="sanxin.organization.created").count() == 3
    assert entries.filter(action="sanxin.membership.imported").count() == 3


def test_two_bad_rows_save_nothing_and_are_reported_exactly(world, tmp_path):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = "spaceship maker"  # row 3, type
    rows[2][6] = "Atlantis"  # row 4, province
    rows[2][12] = ""
    path = write_xlsx(tmp_path / "bad.xlsx", HEADER, rows)
    before = counts()

    result = import_organizations_file(path, alliance_slug="three-new", dry_run=False)

    assert not result.ok
    assert result.errors == [
        RowError(
            3,
            "type",
            "“spaceship maker” is not one of the accepted values; use one of: association, "
            "enterprise, financial, government, research, soe.",
        ),
        RowError(
            4,
            "province",
            "“Atlantis” is not a province of CN; write its name or a code such as CN-SC or VN-01.",
        ),
    ]
    assert counts() == before


def test_errors_found_by_the_domain_are_reported_by_column(world, tmp_path):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][11] = "not an e-mail"
    rows[2][1] = "x" * 300
    path = write_csv(tmp_path / "bad.csv", HEADER, rows)
    before = counts()

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "email"),
        (2, "membership_role"),
        (2, "member_since"),
        (3, "membership_role"),
        (4, "name_en"),
    ]
    assert result.errors[0].message == "Enter a valid email address."
    assert result.errors[4].message == (
        "Ensure this value has at most 250 characters (it has 300)."
    )
    assert counts() == before


def test_vietnamese_legacy_province_names_are_kept_with_their_successor(world, tmp_path):
    rows = [
        ["Ha Giang Hydro", "Hà Giang", "VN"],
        ["Binh Duong Solar", "Tỉnh Bình Dương", ""],
        ["Hanoi Grid", "Hà Nội", "Việt Nam"],
        ["Bac Kan Wind", "bac kan", "VN"],
    ]
    path = write_csv(tmp_path / "vn.csv", ["name_en", "province", "country"], rows)

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    assert result.errors == []
    found = {
        o.name_en: (
            o.country,
            o.province.code,
            o.province.successor.code if o.province.successor else None,
        )
        for o in Organization.objects.filter(name_en__in=[r[0] for r in rows]).select_related(
            "province__successor"
        )
    }
    assert found == {
        "Ha Giang Hydro": ("VN", "VN63-02", "VN-08"),
        "Binh Duong Solar": ("VN", "VN63-74", "VN-79"),
        "Hanoi Grid": ("VN", "VN-01", None),
        "Bac Kan Wind": ("VN", "VN63-06", "VN-19"),
    }


def test_types_given_by_their_chinese_and_vietnamese_labels(world, tmp_path):
    rows = [
        ["四川能源投资集团", "国有企业", "中国", "四川省", "成员"],
        ["成都农商银行", "金融机构", "CN", "四川", "副主席"],
        ["Sở Kế hoạch và Đầu tư", "Cơ quan nhà nước", "VN", "Lào Cai", "Quan sát viên"],
    ]
    header = ["name_zh", "type", "country", "province", "membership_role"]
    path = write_xlsx(tmp_path / "zh.xlsx", header, rows)

    result = import_organizations_file(path, alliance_slug="three-new", dry_run=False)

    assert result.errors == []
    orgs = Organization.objects.filter(name_zh__in=[r[0] for r in rows])
    assert {o.name_zh: o.org_type for o in orgs} == {
        "四川能源投资集团": "soe",
        "成都农商银行": "financial",
        "Sở Kế hoạch và Đầu tư": "government",
    }
    roles = dict(
        Membership.objects.filter(alliance=world.alliance, organization__in=orgs).values_list(
            "organization__name_zh", "role"
        )
    )
    assert roles == {
        "四川能源投资集团": "member",
        "成都农商银行": "vice_chair",
        "Sở Kế hoạch và Đầu tư": "observer",
    }


def test_dry_run_saves_nothing_but_says_what_would_happen(world, tmp_path):
    rows = [
        *GOOD_ROWS,
        ["", "Member Gearbox Co.", "", "", "", "", "", "", "", "New text"] + [""] * 6,
    ]
    path = write_xlsx(tmp_path / "orgs.xlsx", HEADER, rows)
    before = counts()

    result = import_organizations_file(path, alliance_slug="three-new", dry_run=True)

    assert (result.ok, result.created, result.updated) == (True, 3, 1)
    assert [(p.row, p.action, p.matched_by) for p in result.rows] == [
        (2, "create", ""),
        (3, "create", ""),
        (4, "create", ""),
        (5, "update", "name"),
    ]
    assert result.rows[3].changes == ["situation_en"]
    assert counts() == before
    world.member_org.refresh_from_db()
    assert world.member_org.situation_en == ""


def test_reimport_updates_instead_of_duplicating(world, tmp_path):
    path = write_xlsx(tmp_path / "orgs.xlsx", HEADER, GOOD_ROWS)
    first = import_organizations_file(path, alliance_slug="three-new", dry_run=False)
    assert first.created == 3
    total = Organization.objects.count()

    again = import_organizations_file(path, alliance_slug="three-new", dry_run=False)
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 3)

    gearbox_slug = first.rows[0].slug
    changed = [
        ["slug", "name_en", "phone", "membership_role"],
        [gearbox_slug, "West Sichuan Gearbox Group", "+86 28 0000 0000", "chair"],
        ["", "Mekong Battery JSC", "+84 24 1111 2222", ""],
    ]
    path2 = write_csv(tmp_path / "changed.csv", changed[0], changed[1:])
    third = import_organizations_file(path2, alliance_slug="three-new", dry_run=False)

    assert (third.errors, third.created, third.updated) == ([], 0, 2)
    assert [(p.matched_by, p.changes) for p in third.rows] == [
        ("slug", ["name_en", "phone", "membership"]),
        ("name", ["phone"]),
    ]
    assert Organization.objects.count() == total
    gearbox = Organization.objects.get(slug=gearbox_slug)
    assert (gearbox.name_en, gearbox.phone, gearbox.name_zh) == (
        "West Sichuan Gearbox Group",
        "+86 28 0000 0000",
        "川西齿轮箱有限公司",
    )
    assert gearbox.memberships.get(alliance=world.alliance).role == "chair"
    assert (
        AuditEntry.objects.filter(
            action="sanxin.organization.changed", object_id=str(gearbox.pk)
        ).count()
        == 1
    )


def test_the_same_organization_twice_in_one_file_is_an_error(world, tmp_path):
    rows = [["Twin Co.", "CN"], ["Other Co.", "CN"], ["Twin Co.", "VN"]]
    path = write_csv(tmp_path / "twice.csv", ["name_en", "country"], rows)

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    assert result.errors == [
        RowError(4, "", "This organization is already in row 2; keep one row for it.")
    ]
    assert not Organization.objects.filter(name_en="Twin Co.").exists()


def test_secretariat_cannot_change_an_organization_outside_its_alliance(world, tmp_path):
    outside = OrganizationFactory(
        slug="outside", name_en="Outside Public", confidentiality="public"
    )
    path = write_csv(
        tmp_path / "x.csv", ["slug", "phone"], [["public-org", "1"], [outside.slug, "2"]]
    )

    result = import_organizations(
        actor=world.secretariat, table=read_table(path), alliance=None, dry_run=False
    )

    assert result.errors == [
        RowError(3, "", "This row matches “Outside Public”, which you may not change.")
    ]
    world.public_org.refresh_from_db()
    assert world.public_org.phone == ""


def test_file_level_problems(world, tmp_path):
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(TabularError) as excinfo:
        read_table(bogus)
    assert str(excinfo.value) == (
        "The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again."
    )

    result = import_organizations_file(bogus, alliance_slug=None, dry_run=False)
    assert result.errors == [
        RowError(
            0, "", "The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again."
        )
    ]
    unknown = write_csv(tmp_path / "u.csv", ["name_en", "colour"], [["A Co.", "red"]])
    result = import_organizations_file(unknown, alliance_slug=None, dry_run=False)
    assert result.errors[0].row == 1
    assert result.errors[0].column == "colour"
    result = import_organizations_file(unknown, alliance_slug="nope", dry_run=False)
    assert result.errors == [RowError(0, "alliance", "There is no alliance “nope”.")]


def test_chinese_csv_saved_by_excel_in_gb18030(world, tmp_path):
    path = write_csv(
        tmp_path / "gbk.csv",
        ["Name (Chinese)", "type", "country"],
        [["贵州储能科技有限公司", "企业", "中国"]],
        encoding="gb18030",
    )

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    assert result.errors == []
    assert Organization.objects.get(name_zh="贵州储能科技有限公司").country == "CN"
