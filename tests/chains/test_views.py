"""The chain pages: the list, the diagram and its region filter, a node, the secretariat's edits."""

import re

import pytest
from django.urls import reverse

from sanxin.chains.models import ChainLeader, ChainNode, ChainTemplate
from sanxin.common.models import AuditEntry
from tests.conftest import client_for

pytestmark = pytest.mark.integration


def _detail(alliance="three-new", slug="wind"):
    return reverse("chain_detail", args=[alliance, slug])


def _node(key, alliance="three-new", slug="wind"):
    return reverse("chain_node", args=[alliance, slug, key])


def test_list_shows_every_chain_with_its_counts(chain_world):
    response = client_for(chain_world.world, "member").get(reverse("chain_list"))
    assert response.status_code == 200
    rows = response.context["chains"]
    assert [c.template.slug for c in rows] == ["battery", "wind", "pv", "hydro", "hydrogen", "grid"]
    wind = rows[1]
    assert (wind.covered_count, wind.thin_count, wind.gap_count) == (2, 2, 6)
    assert "Wind power" in response.content.decode()


def test_list_for_a_person_without_alliance_shows_none(chain_world):
    from django.test import Client

    client = Client()
    client.force_login(chain_world.world.guest)
    response = client.get(reverse("chain_list"))
    assert response.context["alliance"] is None
    assert response.context["chains"] == []
    assert client.get(reverse("chain_list") + "?alliance=three-new").status_code == 404


def test_diagram_colours_nodes_and_links_them(chain_world):
    response = client_for(chain_world.world, "member").get(_detail())
    html = response.content.decode()
    assert 'role="img"' in html
    pairs = re.findall(r'data-status="(\w+)" data-key="([\w-]+)"', html)
    found = {key: status for status, key in pairs}
    assert found == {
        "castings": "gap",
        "bearings": "thin",
        "gearboxes": "covered",
        "generators": "gap",
        "blades": "thin",
        "towers": "gap",
        "turbines": "covered",
        "epc": "gap",
        "operation": "gap",
        "repowering": "gap",
    }
    assert _node("castings") in html
    assert "<caption>Coverage of each link</caption>" in html


def test_region_filter_by_province_and_country(chain_world):
    client = client_for(chain_world.world, "member")
    coverage = client.get(_detail() + "?province=CN-GD").context["coverage"]
    assert {i.node.key: i.organization_count for i in coverage.nodes if i.organization_count} == {
        "turbines": 1
    }
    coverage = client.get(_detail() + "?country=VN").context["coverage"]
    assert {i.node.key: i.organization_count for i in coverage.nodes if i.organization_count} == {
        "blades": 1
    }
    # An unknown province is no filter at all (the form is invalid): everything counts.
    coverage = client.get(_detail() + "?province=XX-00").context["coverage"]
    assert coverage.node("turbines").organization_count == 2


def test_gap_node_lists_whom_to_invite(chain_world):
    w = chain_world.world
    response = client_for(w, "secretariat").get(_node("castings"))
    assert response.status_code == 200
    # other_org (a member of the other alliance, visible to its alliance only) is hidden.
    assert [c.organization.slug for c in response.context["candidates"]] == ["prospect-castings"]
    member_view = client_for(w, "member").get(_node("castings"))
    # Prospects in no alliance are visible to the secretariat only.
    assert member_view.context["candidates"] == []
    assert "Organizations to invite" in member_view.content.decode()


def test_covered_node_lists_its_organizations_leaders_first(chain_world):
    w = chain_world.world
    gearboxes = ChainNode.objects.get(template=chain_world.wind, key="gearboxes")
    ChainLeader.objects.create(alliance=w.alliance, node=gearboxes, organization=w.partner_org)
    response = client_for(w, "member").get(_node("gearboxes"))
    orgs = response.context["organizations"]
    assert [(o.slug, o.is_chain_leader) for o in orgs] == [
        ("partner-org", True),
        ("member-org", False),
    ]
    assert response.context["candidates"] == []


def test_other_alliance_and_anonymous_get_nothing(chain_world):
    w = chain_world.world
    assert client_for(w, "other_alliance").get(_detail()).status_code == 404
    assert client_for(w, "other_alliance").get(_node("castings")).status_code == 404
    response = client_for(w, "anonymous").get(_detail())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretariat_renames_a_node_which_copies_the_template(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    url = reverse("chain_node_edit", args=["three-new", "wind", "gearboxes"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name_en": "Gearboxes and drives",
            "name_zh": "齿轮箱与传动",
            "name_vi": "Hộp số và truyền động",
            "stage": "2",
            "position": "1",
            "capabilities": ["wind-gearboxes", "wind-bearings"],
            "project_types": ["wind"],
        },
    )
    assert response.status_code == 302
    own = ChainTemplate.objects.get(alliance=w.alliance, slug="wind")
    node = own.nodes.get(key="gearboxes")
    assert node.name_en == "Gearboxes and drives"
    assert sorted(c.code for c in node.capabilities.all()) == ["wind-bearings", "wind-gearboxes"]
    platform = ChainNode.objects.get(
        template__alliance=None, template__slug="wind", key="gearboxes"
    )
    assert platform.name_en == "Gearboxes"
    assert list(
        AuditEntry.objects.filter(action__startswith="sanxin.chain")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["sanxin.chain.copied", "sanxin.chain.node.changed"]
    # The alliance's page now shows its own copy.
    coverage = client.get(_detail()).context["coverage"]
    assert coverage.template.pk == own.pk
    assert coverage.node("gearboxes").node.name == "Gearboxes and drives"


def test_node_edit_errors_are_shown_and_nothing_is_saved(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    url = reverse("chain_node_edit", args=["three-new", "wind", "gearboxes"])
    response = client.post(url, {"name_en": "", "name_zh": "", "name_vi": "", "stage": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name_en": ["Give a name in at least one language."],
        "stage": ["The stage is a column number from 1."],
    }
    assert not ChainTemplate.objects.filter(alliance=w.alliance).exists()


def test_secretariat_adds_and_removes_a_node(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    response = client.post(
        reverse("chain_node_add", args=["three-new", "wind"]),
        {
            "name_en": "Offshore installation",
            "name_zh": "海上安装",
            "capabilities": ["wind-offshore"],
        },
    )
    assert response.status_code == 302
    own = ChainTemplate.objects.get(alliance=w.alliance, slug="wind")
    node = own.nodes.get(key="offshore-installation")
    assert node.stage == 8
    response = client.post(reverse("chain_node_delete", args=["three-new", "wind", node.key]))
    assert response.status_code == 302
    assert not own.nodes.filter(key="offshore-installation").exists()


def test_secretariat_marks_and_unmarks_a_chain_leader(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    url = reverse("chain_leader_mark", args=["three-new", "wind", "turbines"])
    client.post(url, {"organization": "turbines-sc"})
    assert list(ChainLeader.objects.values_list("organization__slug", flat=True)) == ["turbines-sc"]
    # Not a member: refused with a message, nothing saved.
    response = client.post(url, {"organization": "public-gearbox"}, follow=True)
    assert "Choose a member organization of the alliance." in response.content.decode()
    assert ChainLeader.objects.count() == 1
    client.post(
        reverse("chain_leader_unmark", args=["three-new", "wind", "turbines", "turbines-sc"])
    )
    assert ChainLeader.objects.count() == 0


def test_members_may_not_edit(chain_world):
    w = chain_world.world
    client = client_for(w, "member")
    assert client.get(reverse("chain_edit", args=["three-new", "wind"])).status_code == 403
    url = reverse("chain_leader_mark", args=["three-new", "wind", "turbines"])
    assert client.post(url, {"organization": "turbines-sc"}).status_code == 403
    assert ChainLeader.objects.count() == 0


def test_pages_in_chinese_and_vietnamese(chain_world):
    client = client_for(chain_world.world, "member")
    html = client.get("/zh-hans/chains/three-new/wind/").content.decode()
    assert "<h1>风电</h1>" in html
    assert "齿轮箱" in html
    assert "2 家机构 · 已覆盖" in html
    html = client.get("/vi/chains/three-new/wind/nodes/castings/").content.decode()
    assert "Đúc rèn và vật liệu" in html
    assert "Tổ chức nên mời" in html


def test_demo_marks_the_leading_members(chain_world):
    from sanxin.chains.demo import load_demo

    w = chain_world.world
    summary = load_demo(alliance=w.alliance)
    assert (summary.chains, summary.leaders) == (6, 1)  # only gearboxes has a member
    assert str(summary) == "Demo chain maps: 6 chains, 1 chain leaders (链主) marked."
    load_demo(alliance=w.alliance)  # again: nothing doubled
    mark = ChainLeader.objects.get()
    # partner_org and member_org both make gearboxes; the first by short code leads
    assert (mark.node.key, mark.organization.slug) == ("gearboxes", "member-org")
