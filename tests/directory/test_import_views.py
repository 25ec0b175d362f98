"""The import pages: upload → preview → confirm, and who may use them."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sanxin.common.models import AuditEntry
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership, Organization
from sanxin.directory.views.exchange import SESSION_KEY
from tests.conftest import ROLES

pytestmark = pytest.mark.integration

HEADER = ["name_zh", "name_en", "type", "country", "province", "email", "membership_role"]
ROWS = [
    ["云南光伏科技", "Yunnan PV Tech", "企业", "CN", "云南", "", "member"],
    ["", "Lao Cai Hydro JSC", "enterprise", "VN", "Lào Cai", "", "observer"],
]


def xlsx_upload(rows, name="orgs.xlsx"):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def stored_file(client) -> Path:
    pending = client.session[SESSION_KEY]
    return Path(settings.DATA_DIR) / "imports" / f"{pending['token']}{pending['suffix']}"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_import_page(client, world, role):
    person = world.person(role)
    if person is not None:
        client.force_login(person)

    response = client.get(reverse("org_import"))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in ("secretariat", "admin"):
        assert response.status_code == 200
        assert b'name="file"' in response.content
        assert b"<code>membership_role</code>" in response.content
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["other_alliance", "member", "org_admin"])
def test_others_cannot_upload(client, world, role):
    client.force_login(world.person(role))
    before = Organization.objects.count()

    response = client.post(reverse("org_import"), {"step": "upload", "file": xlsx_upload(ROWS)})

    assert response.status_code == 403
    assert Organization.objects.count() == before


def test_secretariat_previews_then_confirms(client, world):
    client.force_login(world.secretariat)
    before = Organization.objects.count()

    response = client.post(
        reverse("org_import"),
        {"step": "upload", "file": xlsx_upload(ROWS), "alliance": world.alliance.pk},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "directory/import_preview.html"
    result = response.context["result"]
    assert (result.errors, result.created, result.updated) == ([], 2, 0)
    assert [p.name for p in result.rows] == ["Yunnan PV Tech", "Lao Cai Hydro JSC"]
    assert "Import now" in response.content.decode()
    assert Organization.objects.count() == before
    path = stored_file(client)
    assert path.exists()
    token = client.session[SESSION_KEY]["token"]

    response = client.post(reverse("org_import"), {"step": "confirm", "token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("org_list")
    assert Organization.objects.count() == before + 2
    yunnan = Organization.objects.get(name_en="Yunnan PV Tech")
    assert (yunnan.org_type, yunnan.province.code) == ("enterprise", "CN-YN")
    lao_cai = Organization.objects.get(name_en="Lao Cai Hydro JSC")
    assert (lao_cai.province.code, lao_cai.province.is_current) == ("VN-15", True)
    memberships = dict(
        Membership.objects.filter(
            alliance=world.alliance, organization__in=[yunnan, lao_cai]
        ).values_list("organization__name_en", "role")
    )
    assert memberships == {"Yunnan PV Tech": "member", "Lao Cai Hydro JSC": "observer"}
    assert set(
        Membership.objects.filter(organization__in=[yunnan, lao_cai]).values_list(
            "status", flat=True
        )
    ) == {MembershipStatus.ACTIVE}
    assert (
        AuditEntry.objects.filter(
            actor=world.secretariat, action="sanxin.organization.created"
        ).count()
        == 2
    )
    assert not path.exists()
    assert SESSION_KEY not in client.session


def test_preview_lists_each_error_and_offers_no_confirm(client, world):
    client.force_login(world.admin)
    rows = [*ROWS, ["", "Bad Mail Co.", "spaceship", "CN", "", "nope", ""]]
    before = Organization.objects.count(), AuditEntry.objects.count()

    response = client.post(reverse("org_import"), {"step": "upload", "file": xlsx_upload(rows)})

    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "membership_role"),
        (3, "membership_role"),
        (4, "type"),
        (4, "email"),
    ]
    content = response.content.decode()
    for error in errors:
        assert escape(error.message) in content
    assert "Import now" not in content
    assert (Organization.objects.count(), AuditEntry.objects.count()) == before
    # Confirming anyway saves nothing either.
    token = client.session[SESSION_KEY]["token"]
    response = client.post(reverse("org_import"), {"step": "confirm", "token": token})
    assert response.status_code == 200
    assert (Organization.objects.count(), AuditEntry.objects.count()) == before


def test_errors_come_in_the_users_language(client, world):
    client.force_login(world.admin)
    with translation.override("vi"):
        url = reverse("org_import")
        expected = translation.gettext("Enter a valid email address.")
    assert url.startswith("/vi/")
    assert expected != "Enter a valid email address."
    rows = [["", "Bad Mail Co.", "enterprise", "CN", "", "nope", ""]]

    response = client.post(url, {"step": "upload", "file": xlsx_upload(rows)})

    assert [(e.row, e.column, e.message) for e in response.context["result"].errors] == [
        (2, "email", expected)
    ]


def test_wrong_kind_of_file_is_refused_by_the_form(client, world):
    client.force_login(world.secretariat)

    response = client.post(
        reverse("org_import"),
        {"step": "upload", "file": SimpleUploadedFile("orgs.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Upload a .csv or .xlsx file."]}
    assert SESSION_KEY not in client.session


def test_cancel_discards_the_uploaded_file(client, world):
    client.force_login(world.secretariat)
    client.post(reverse("org_import"), {"step": "upload", "file": xlsx_upload(ROWS)})
    path = stored_file(client)
    token = client.session[SESSION_KEY]["token"]

    response = client.post(reverse("org_import"), {"step": "cancel", "token": token})

    assert response.status_code == 302
    assert not path.exists()
    assert SESSION_KEY not in client.session
    assert not Organization.objects.filter(name_en="Yunnan PV Tech").exists()


def test_a_waiting_file_can_be_reviewed_again(client, world):
    client.force_login(world.secretariat)
    client.post(reverse("org_import"), {"step": "upload", "file": xlsx_upload(ROWS)})
    token = client.session[SESSION_KEY]["token"]

    page = client.get(reverse("org_import"))
    response = client.post(reverse("org_import"), {"step": "review", "token": token})

    assert "orgs.xlsx" in page.content.decode()
    assert response.context["result"].created == 2
    assert not Organization.objects.filter(name_en="Yunnan PV Tech").exists()
