"""The access matrix of chains: every page, action and API endpoint, as each role.

The chain maps of the world's alliance are for its members, its secretariat and admins; the
other alliance's admin, the guest and anonymous visitors get no alliance data (404; pages ask
anonymous visitors to sign in). Only the secretariat and admins edit (403 for members).
``test_every_page_is_in_the_matrix`` (directory) fails when a chains page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from sanxin.chains.api import router
from sanxin.chains.models import ChainLeader, ChainNode
from tests.conftest import ROLES, client_for

pytestmark = pytest.mark.integration

CHAIN_ROLES = (*ROLES, "guest")
LOGIN = "login"
OK = 200
DONE = 302
CREATED = 201
GONE = 204
UNAUTH = 401
FORBIDDEN = 403
HIDDEN = 404


@dataclass(frozen=True)
class Case:
    url: Callable
    expect: dict[str, object]
    method: str = "get"
    data: dict | None = None


def _client(world, role: str) -> Client:
    if role == "guest":
        client = Client()
        client.force_login(world.guest)
        return client
    return client_for(world, role)


def _all(value):
    return dict.fromkeys(CHAIN_ROLES, value)


SEES = {**_all(OK), "anonymous": LOGIN, "other_alliance": HIDDEN, "guest": HIDDEN}
EDITORS = {**SEES, "member": FORBIDDEN, "partner": FORBIDDEN, "org_admin": FORBIDDEN}


def _done(expect: dict) -> dict:
    return {role: DONE if value == OK else value for role, value in expect.items()}


def _u(name: str, *args: str) -> Callable:
    return lambda: reverse(name, args=list(args))


MATRIX: dict[str, list[Case]] = {
    "chain_list": [Case(_u("chain_list"), {**_all(OK), "anonymous": LOGIN})],
    "chain_detail": [
        Case(_u("chain_detail", "three-new", "wind"), SEES),
        Case(lambda: reverse("chain_detail", args=["three-new", "wind"]) + "?country=VN", SEES),
        Case(
            _u("chain_detail", "other", "wind"),
            {**_all(HIDDEN), "anonymous": LOGIN, "other_alliance": OK, "admin": OK},
        ),
    ],
    "chain_node": [Case(_u("chain_node", "three-new", "wind", "castings"), SEES)],
    "chain_edit": [Case(_u("chain_edit", "three-new", "wind"), EDITORS)],
    "chain_node_add": [Case(_u("chain_node_add", "three-new", "wind"), EDITORS)],
    "chain_node_edit": [Case(_u("chain_node_edit", "three-new", "wind", "epc"), EDITORS)],
    "chain_node_delete": [Case(_u("chain_node_delete", "three-new", "wind", "epc"), EDITORS)],
    "chain_leader_mark": [
        Case(
            _u("chain_leader_mark", "three-new", "wind", "gearboxes"),
            _done(EDITORS),
            "post",
            {"organization": "member-org"},
        )
    ],
    "chain_leader_unmark": [
        Case(
            _u("chain_leader_unmark", "three-new", "wind", "gearboxes", "partner-org"),
            _done(EDITORS),
            "post",
        )
    ],
}


def _setup(world) -> None:
    gearboxes = ChainNode.objects.get(
        template__alliance=None, template__slug="wind", key="gearboxes"
    )
    ChainLeader.objects.create(
        alliance=world.alliance, node=gearboxes, organization=world.partner_org
    )


@pytest.mark.parametrize("role", CHAIN_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, role, name):
    _setup(world)
    client = _client(world, role)
    for case in MATRIX[name]:
        url = case.url()
        response = getattr(client, case.method)(url, case.data or {})
        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302, (name, url, role)
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected, (name, url, role)
            if expected == DONE:
                assert not response["Location"].startswith(reverse("login"))


# --- the API ------------------------------------------------------------------------------

API_SEES = {**SEES, "anonymous": HIDDEN}
API_EDITORS = {**EDITORS, "anonymous": UNAUTH}


def _w(expect: dict, success: int) -> dict:
    return {role: success if value == OK else value for role, value in expect.items()}


def _api(path: str) -> Callable:
    return lambda: "/api" + path


W = "/chains/three-new/templates/wind"

API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/chains/{alliance}/templates"): [
        Case(_api("/chains/three-new/templates"), API_SEES),
        Case(_api("/chains/nowhere/templates"), _all(HIDDEN)),
    ],
    ("GET", "/chains/{alliance}/templates/{slug}"): [Case(_api(W), API_SEES)],
    ("PATCH", "/chains/{alliance}/templates/{slug}"): [
        Case(_api(W), API_EDITORS, "patch", {"name_en": "Wind power chain"})
    ],
    ("GET", "/chains/{alliance}/templates/{slug}/coverage"): [
        Case(_api(W + "/coverage?province=CN-SC"), API_SEES)
    ],
    ("GET", "/chains/{alliance}/templates/{slug}/nodes/{key}"): [
        Case(_api(W + "/nodes/castings"), API_SEES)
    ],
    ("POST", "/chains/{alliance}/templates/{slug}/nodes"): [
        Case(_api(W + "/nodes"), _w(API_EDITORS, CREATED), "post", {"name_en": "Ports"})
    ],
    ("PATCH", "/chains/{alliance}/templates/{slug}/nodes/{key}"): [
        Case(_api(W + "/nodes/epc"), API_EDITORS, "patch", {"name_zh": "EPC总承包"})
    ],
    ("DELETE", "/chains/{alliance}/templates/{slug}/nodes/{key}"): [
        Case(_api(W + "/nodes/epc"), _w(API_EDITORS, GONE), "delete")
    ],
    ("POST", "/chains/{alliance}/templates/{slug}/nodes/{key}/leaders"): [
        Case(
            _api(W + "/nodes/gearboxes/leaders"),
            _w(API_EDITORS, CREATED),
            "post",
            {"organization": "member-org"},
        )
    ],
    ("DELETE", "/chains/{alliance}/templates/{slug}/nodes/{key}/leaders/{org}"): [
        Case(_api(W + "/nodes/gearboxes/leaders/partner-org"), _w(API_EDITORS, GONE), "delete")
    ],
}


def _routes() -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }


def test_every_endpoint_is_in_the_matrix():
    assert _routes() == set(API_MATRIX)


@pytest.mark.parametrize("role", CHAIN_ROLES)
@pytest.mark.parametrize("key", sorted(API_MATRIX), ids=" ".join)
def test_api_access(world, role, key):
    _setup(world)
    client = _client(world, role)
    for case in API_MATRIX[key]:
        url = case.url()
        if case.method == "get":
            response = client.get(url)
        else:
            response = getattr(client, case.method)(
                url, case.data or {}, content_type="application/json"
            )
        expected = case.expect[role]
        assert response.status_code == expected, (key, url, role, response.content[:300])
        if expected >= 400:
            code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}
            assert response.json()["code"] == code[expected]
