"""The chains API: templates, coverage, a node, and the secretariat's edits with their errors."""

import pytest

from sanxin.chains.models import ChainLeader, ChainNode, ChainTemplate
from sanxin.common.models import AuditEntry
from tests.conftest import client_for

pytestmark = pytest.mark.integration

BASE = "/api/chains/three-new/templates"


def test_templates_are_listed_and_paginated(chain_world):
    client = client_for(chain_world.world, "member")
    body = client.get(BASE + "?limit=2").json()
    assert body["count"] == 6
    assert [t["slug"] for t in body["items"]] == ["battery", "wind"]
    assert body["items"][1]["own_copy"] is False
    detail = client.get(BASE + "/wind").json()
    assert [n["key"] for n in detail["nodes"]][:4] == [
        "castings",
        "bearings",
        "gearboxes",
        "generators",
    ]
    assert detail["nodes"][2]["capabilities"] == ["wind-gearboxes"]


def test_coverage_by_province_in_chinese(chain_world):
    client = client_for(chain_world.world, "member")
    body = client.get(BASE + "/wind/coverage?province=CN-SC", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert (body["province"], body["country"], body["thin_below"]) == ("CN-SC", "CN", 2)
    gearboxes = next(n for n in body["nodes"] if n["key"] == "gearboxes")
    assert gearboxes == {
        "key": "gearboxes",
        "name": "齿轮箱",
        "stage": 2,
        "status": "covered",
        "organization_count": 2,
        "project_count": 0,
        "leaders": [],
    }
    assert body["name"] == "风电"


def test_unknown_province_is_a_clear_error(chain_world):
    response = client_for(chain_world.world, "member").get(BASE + "/wind/coverage?province=XX")
    assert response.status_code == 422
    assert response.json()["errors"] == {"province": ["No province with this code."]}


def test_node_detail_lists_candidates_for_a_gap(chain_world):
    client = client_for(chain_world.world, "secretariat")
    body = client.get(BASE + "/wind/nodes/castings").json()
    assert body["status"] == "gap"
    assert body["organizations"] == []
    assert body["invite_candidates"] == [
        {
            "slug": "prospect-castings",
            "name": "Prospect Foundry",
            "country": "CN",
            "province": None,
            "overlap": 1,
            "region_match": "",
        }
    ]
    assert body["projects"] == []
    assert client.get(BASE + "/wind/nodes/nowhere").status_code == 404


def test_secretariat_patches_adds_and_deletes_nodes(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    response = client.patch(
        BASE + "/wind/nodes/epc",
        {"name_zh": "EPC总承包", "capabilities": ["epc-contracting"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["name_zh"], response.json()["capabilities"]) == (
        "EPC总承包",
        ["epc-contracting"],
    )
    own = ChainTemplate.objects.get(alliance=w.alliance, slug="wind")
    assert own.nodes.get(key="epc").name_en == "EPC"  # untouched fields stay
    response = client.post(
        BASE + "/wind/nodes",
        {"name_en": "Ports and logistics", "stage": 7, "capabilities": ["services-logistics"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["key"] == "ports-and-logistics"
    assert client.delete(BASE + "/wind/nodes/ports-and-logistics").status_code == 204
    assert not own.nodes.filter(key="ports-and-logistics").exists()
    assert client.get(BASE + "/wind").json()["own_copy"] is True


def test_bad_node_input_saves_nothing(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    response = client.patch(
        BASE + "/wind/nodes/epc",
        {
            "capabilities": ["no-such"],
            "project_types": ["spaceships"],
            "name_en": "",
            "name_zh": "",
            "name_vi": "",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"] == {
        "capabilities": ["Unknown capability code: no-such."],
        "project_types": ["Unknown project type: spaceships."],
        "name_en": ["Give a name in at least one language."],
    }
    assert not ChainTemplate.objects.filter(alliance=w.alliance).exists()
    response = client.post(BASE + "/wind/nodes", {"stage": 0}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["stage"]


def test_leaders_through_the_api(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    url = BASE + "/wind/nodes/turbines/leaders"
    response = client.post(url, {"organization": "turbines-gd"}, content_type="application/json")
    assert response.status_code == 201
    assert list(ChainLeader.objects.values_list("organization__slug", flat=True)) == ["turbines-gd"]
    coverage = client.get(BASE + "/wind/coverage").json()
    turbines = next(n for n in coverage["nodes"] if n["key"] == "turbines")
    assert [o["slug"] for o in turbines["leaders"]] == ["turbines-gd"]
    response = client.post(url, {"organization": "public-gearbox"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "organization": ["Only an active member of the alliance can lead a link."]
    }
    assert client.delete(url + "/turbines-gd").status_code == 204
    assert ChainLeader.objects.count() == 0
    actions = list(
        AuditEntry.objects.filter(action__startswith="sanxin.chain.leader")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["sanxin.chain.leader.marked", "sanxin.chain.leader.unmarked"]
    # leader marks need no copy of the platform template
    assert not ChainTemplate.objects.filter(alliance=w.alliance).exists()


def test_copy_keeps_the_alliance_leader_marks(chain_world):
    w = chain_world.world
    client = client_for(w, "secretariat")
    client.post(
        BASE + "/wind/nodes/turbines/leaders",
        {"organization": "turbines-sc"},
        content_type="application/json",
    )
    client.patch(BASE + "/wind", {"name_en": "Wind chain"}, content_type="application/json")
    own = ChainTemplate.objects.get(alliance=w.alliance, slug="wind")
    assert own.name_en == "Wind chain"
    mark = ChainLeader.objects.get()
    assert mark.node == own.nodes.get(key="turbines")
    platform = ChainNode.objects.get(template__alliance=None, template__slug="wind", key="turbines")
    assert not platform.leaders.exists()


def test_last_node_cannot_be_removed(chain_world):
    w = chain_world.world
    client = client_for(w, "admin")
    keys = [n["key"] for n in client.get(BASE + "/hydrogen").json()["nodes"]]
    for key in keys[:-1]:
        assert client.delete(BASE + f"/hydrogen/nodes/{key}").status_code == 204
    response = client.delete(BASE + f"/hydrogen/nodes/{keys[-1]}")
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["A chain keeps at least one node."]}
