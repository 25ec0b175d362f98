"""Exporting the directory: exactly what the viewer may see, in .xlsx and .csv."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from sanxin.directory.domain.access import viewer_for, visible_organizations
from sanxin.directory.domain.queries import OrgFilters
from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.directory.interfaces.exporters import EXPORT_COLUMNS, export_xlsx
from sanxin.directory.interfaces.importers import import_organizations_file
from sanxin.directory.models import Person
from tests.conftest import ROLES
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    capability,
    region,
)

pytestmark = pytest.mark.integration


def read_xlsx(content: bytes) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return rows


def login(client, world, role):
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    return person


OUR_ALLIANCE = ["member-org", "partner-org", "public-org", "secretariat"]
EXPECTED = {
    "anonymous": ["public-org"],
    "other_alliance": ["other-org", "other-secretariat", "public-org"],
    "member": OUR_ALLIANCE,
    "partner": OUR_ALLIANCE,
    "org_admin": OUR_ALLIANCE,
    "secretariat": OUR_ALLIANCE,
    "admin": sorted([*OUR_ALLIANCE, "other-org", "other-secretariat"]),
}


@pytest.mark.parametrize("role", ROLES)
def test_xlsx_export_holds_exactly_what_the_viewer_may_see(client, world, role):
    person = login(client, world, role)

    response = client.get(reverse("org_export", args=["xlsx"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="sanxin-organizations-')
    rows = read_xlsx(response.content)
    assert rows[0] == list(EXPORT_COLUMNS)
    exported = [r[0] for r in rows[1:]]
    assert exported == EXPECTED[role]
    visible = visible_organizations(viewer_for(person)).order_by("slug")
    assert exported == list(visible.values_list("slug", flat=True))


def test_xlsx_row_content_and_membership_columns(client, world):
    org = world.member_org
    org.name_vi = "Công ty Hộp số Thành viên"
    org.org_type = "soe"
    org.province = region("VN63-02")
    org.country = "VN"
    org.website = "https://gear.example.vn"
    org.phone = "+84 24 3333 4444"
    org.situation_en = "=HYPERLINK(1)"
    org.save()
    org.segments.set([capability("wind")])
    org.capabilities.set([capability("wind-gearboxes"), capability("storage")])
    membership = org.memberships.get(alliance=world.alliance)
    membership.role = "vice_chair"
    membership.save()
    client.force_login(world.secretariat)

    response = client.get(reverse("org_export", args=["xlsx"]) + "?q=gearbox")

    rows = read_xlsx(response.content)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "slug": "member-org",
        "name_zh": org.name_zh,
        "name_en": "Member Gearbox Co.",
        "name_vi": "Công ty Hộp số Thành viên",
        "short_name": None,
        "type": "State-owned enterprise",
        "country": "VN",
        "province": "Hà Giang",
        "segments": "Wind power",
        "capabilities": "Gearboxes; Energy storage",
        "situation_zh": None,
        "situation_en": "=HYPERLINK(1)",
        "situation_vi": None,
        "advantages_zh": None,
        "advantages_en": None,
        "advantages_vi": None,
        "ideas_zh": None,
        "ideas_en": None,
        "ideas_vi": None,
        "website": "https://gear.example.vn",
        "email": None,
        "phone": "+84 24 3333 4444",
        "confidentiality": "Alliance members",
        "membership_role": "Vice-chair",
        "member_since": dt.datetime(2023, 1, 1),  # noqa: DTZ001 - Excel dates have no zone
        "alliances": world.alliance.name,
        "source_dataset": None,  # entered by people, not found in open data
    }


def test_csv_export_honours_the_directory_filters(client, world):
    OrganizationFactory(slug="bank-a", org_type="financial", confidentiality="public")
    world.public_org.org_type = "financial"
    world.public_org.save()
    client.force_login(world.member)

    response = client.get(reverse("org_export", args=["csv"]) + "?type=financial")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["bank-a", "public-org"]
    by_slug = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_slug["public-org"]["membership_role"] == "Member"
    assert by_slug["public-org"]["member_since"] == "2023-01-01"
    assert by_slug["bank-a"]["membership_role"] == ""


def test_csv_neutralises_formulas_but_keeps_phone_numbers(client, world):
    world.public_org.situation_en = "=cmd|' /C calc'!A0"
    world.public_org.phone = "+86 28 8888 9999"
    world.public_org.save()

    response = client.get(reverse("org_export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["situation_en"] == "'=cmd|' /C calc'!A0"
    assert row["phone"] == "+86 28 8888 9999"


def test_unknown_format_is_not_found(client, world):
    assert client.get(reverse("org_export", args=["pdf"])).status_code == 404


def test_an_export_imports_back_unchanged(client, world, tmp_path):
    world.member_org.province = region("VN63-74")
    world.member_org.country = "VN"
    world.member_org.save()
    world.member_org.capabilities.set([capability("wind-gearboxes")])
    client.force_login(world.admin)
    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(reverse("org_export", args=["xlsx"])).content)

    result = import_organizations_file(path, alliance_slug=None, dry_run=False)

    # Without an alliance the membership columns cannot be read back: they are the errors.
    assert {(e.column, e.message[:40]) for e in result.errors} <= {
        ("membership_role", "No alliance was chosen for this import, "),
        ("member_since", "No alliance was chosen for this import, "),
    }
    result = import_organizations_file(path, alliance_slug="three-new", dry_run=True)
    assert result.errors == []
    changed = {p.slug: p.changes for p in result.rows if p.action != "unchanged"}
    # Only the organizations that were not members yet would join the alliance.
    assert set(changed) == {"other-org", "other-secretariat"}
    assert set(map(tuple, changed.values())) == {("membership",)}


def _alliance_with_members(n: int):
    secretariat = OrganizationFactory()
    alliance = AllianceFactory(secretariat=secretariat)
    MembershipFactory(alliance=alliance, organization=secretariat)
    for _ in range(n - 1):
        org = OrganizationFactory()
        org.segments.set([capability("wind")])
        org.capabilities.set([capability("wind-gearboxes"), capability("pv")])
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    person = PersonFactory(organization=secretariat, role=PersonRole.SECRETARIAT)
    return viewer_for(person)


@pytest.mark.parametrize("n", [1, 3])
def test_export_query_count_is_constant(db, django_assert_num_queries, n):
    viewer = _alliance_with_members(n)
    with django_assert_num_queries(6):
        content = export_xlsx(viewer, OrgFilters())
    assert len(read_xlsx(content)) == n + 1


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(client, world):
    world.public_org.situation_en = "=HYPERLINK(1)"
    world.public_org.save()

    response = client.get(reverse("org_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    column = list(EXPORT_COLUMNS).index("situation_en") + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_view_query_count_is_constant(client, db, django_assert_num_queries, n, fmt):
    viewer = _alliance_with_members(n)
    client.force_login(Person.objects.get(pk=viewer.person_id))
    with django_assert_num_queries(10):
        response = client.get(reverse("org_export", args=[fmt]))
    assert response.status_code == 200
