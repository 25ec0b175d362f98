"""The panels, the feedback buttons, the consortium builder and the invitations page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxin.common.audit import AuditEntry
from sanxin.matching.models import Feedback
from sanxin.projects.enums import ConsortiumStatus
from sanxin.projects.models import ConsortiumRole
from tests.conftest import client_for
from tests.matching.conftest import org

pytestmark = pytest.mark.integration


def test_the_host_pages_load_the_panels(world, matchmaking):
    client = client_for(world, "member")
    page = client.get(reverse("project_detail", args=[matchmaking.project.pk])).content.decode()
    assert reverse("match_project_partners", args=[matchmaking.project.pk]) in page
    assert "Loading recommendations…" in page
    page = client.get(reverse("org_detail", args=[matchmaking.gears.slug])).content.decode()
    assert reverse("match_organization", args=["gears"]) in page


def test_partner_panel_in_chinese_names_capabilities_and_regions(world, matchmaking):
    client = client_for(world, "member")
    url = reverse("match_project_partners", args=[matchmaking.project.pk]).replace(
        "/en/", "/zh-hans/"
    )
    html = client.get(url).content.decode()
    assert "推荐合作伙伴" in html
    assert "EPC总承包" in html  # the capability, named in the reader's language
    assert "越南" in html  # the region
    assert "华东齿轮箱有限公司" in html
    assert "Other Alliance Co." not in html


def _epc_keys(html: str) -> list[str]:
    block = html.split("<h3>EPC contractor</h3>")[1].split("<h3>", maxsplit=1)[0]
    return [part.split('"')[0] for part in block.split('data-key="')[1:]]


def test_feedback_button_swaps_and_changes_the_ranking(world, matchmaking):
    client = client_for(world, "member")
    url = reverse("match_project_partners", args=[matchmaking.project.pk])
    epc_key = f"o{matchmaking.epc.pk}"
    assert _epc_keys(client.get(url).content.decode())[0] == epc_key
    response = client.post(
        reverse("match_feedback"),
        {"subject": f"p{matchmaking.project.pk}", "target": epc_key, "interested": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "You are not interested" in fragment
    assert fragment.startswith("<form")
    assert list(Feedback.objects.values_list("target", "interested")) == [(epc_key, False)]
    assert AuditEntry.objects.filter(action="sanxin.matching.feedback").count() == 1
    after = client.get(url).content.decode()
    keys = _epc_keys(after)
    assert keys[-1] == epc_key
    assert len(keys) > 1
    assert 'aria-pressed="true"' in after


def test_organization_panel_in_vietnamese(world, matchmaking):
    client = client_for(world, "member")
    url = reverse("match_organization", args=["gears"]).replace("/en/", "/vi/")
    html = client.get(url).content.decode()
    assert "Dự án và chào mời được đề xuất" in html
    assert "Quang Tri 50 MW wind farm" in html
    assert "Năng lực" in html  # a capability reason, in Vietnamese
    assert "Quan tâm" not in html  # the member is not of the gear maker: no buttons


def test_feedback_errors_are_said_in_the_fragment(world, matchmaking):
    client = client_for(world, "member")
    response = client.post(
        reverse("match_feedback"),
        {
            "subject": f"p{matchmaking.project.pk}",
            "target": f"o{world.other_org.pk}",
            "interested": "1",
        },
        headers={"HX-Request": "true"},
    )
    assert "This recommendation is not known. Reload the page." in response.content.decode()
    assert not Feedback.objects.exists()
    bad = client.post(reverse("match_feedback"), {"subject": "p1", "target": "o1"})
    assert bad.status_code == 400


def test_consortium_builder_page_invites_a_proposal(world, matchmaking):
    client = client_for(world, "org_admin")
    page = client.get(reverse("match_consortium", args=[matchmaking.project.pk]))
    html = page.content.decode()
    assert html.count('class="card consortium"') == 3
    assert "Invite these partners" in html
    first = html.split('id="alt-1"')[1].split("</form>")[0]
    assignments = [v.split('"')[0] for v in first.split('name="assignment" value="')[1:]]
    assert f"epc:{matchmaking.epc.pk}" in assignments
    assert f"local_partner:{matchmaking.epc.pk}" in assignments  # the only Vietnamese one
    response = client.post(
        reverse("match_consortium_invite", args=[matchmaking.project.pk]),
        {"assignment": assignments},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[matchmaking.project.pk])
    invited = sorted(
        ConsortiumRole.objects.filter(project=matchmaking.project).values_list(
            "role", "organization_id", "status"
        )
    )
    assert invited == sorted(
        (role, int(pk), ConsortiumStatus.INVITED)
        for role, pk in (a.split(":") for a in assignments)
    )
    # the invited roles are no longer open: the builder proposes nothing for them
    again = client.get(reverse("match_consortium", args=[matchmaking.project.pk]))
    assert "This project has no open roles." in again.content.decode()


def test_an_invitation_for_a_taken_role_changes_nothing(world, matchmaking):
    client = client_for(world, "org_admin")
    url = reverse("match_consortium_invite", args=[matchmaking.project.pk])
    client.post(url, {"assignment": [f"epc:{matchmaking.epc.pk}"]})
    response = client.post(
        url, {"assignment": [f"om:{matchmaking.gears.pk}", f"epc:{matchmaking.gears.pk}"]}
    )
    assert response["Location"] == reverse("match_consortium", args=[matchmaking.project.pk])
    assert list(ConsortiumRole.objects.values_list("role", "organization_id")) == [
        ("epc", matchmaking.epc.pk)
    ]  # all or none: the O&M invitation was not kept either
    hidden = client.post(url, {"assignment": [f"om:{world.other_org.pk}"]})
    assert hidden.status_code == 302
    assert ConsortiumRole.objects.count() == 1


def test_consortium_builder_through_the_api(world, matchmaking):
    client = client_for(world, "secretariat")
    url = f"/api/matching/projects/{matchmaking.project.pk}/consortium"
    data = client.get(url).json()
    assert data["status"] == "optimal"
    assert len(data["alternatives"]) == 3
    totals = [alt["total"] for alt in data["alternatives"]]
    assert totals == sorted(totals, reverse=True)
    best = data["alternatives"][0]["assignments"]
    assert {a["role"] for a in best} == {
        "investor",
        "epc",
        "equipment_supplier",
        "financier",
        "om",
        "local_partner",
    }
    assert next(a for a in best if a["role"] == "financier")["name"] == "Public Bank"
    response = client.post(
        f"{url}/invite",
        {"assignments": [{"role": a["role"], "organization": a["organization"]} for a in best]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert sorted(r["role"] for r in response.json()) == sorted(a["role"] for a in best)
    wrong = client.post(
        f"{url}/invite",
        {"assignments": [{"role": "epc", "organization": matchmaking.gears.pk}]},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "invalid"


def test_invitations_page_for_the_secretariat(world, matchmaking):
    org("vn-recycler", ("recycling-battery",), country="VN", name_en="Hai Phong Recycling")
    client = client_for(world, "secretariat")
    html = client.get(reverse("match_invitations")).content.decode()
    assert "Hai Phong Recycling" in html
    assert "Battery recycling and material recovery" in html
    filtered = client.get(reverse("match_invitations"), {"country": "VN", "root": "x"})
    assert filtered.status_code == 200
    data = client.get("/api/matching/invitations", {"country": "vn"}).json()
    assert data["alliance"] == "three-new"
    assert "Hai Phong Recycling" in [s["name"] for s in data["suggestions"]]
