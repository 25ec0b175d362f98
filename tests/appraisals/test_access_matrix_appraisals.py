"""The access matrix of appraisals: every page and API endpoint, as each role.

The project is owned by the member organization and visible to the alliance; the partner
organization is *invited* to its consortium (it sees the project, it is not on the team). A
second project is visible to its own organization only: the invited partner sees the project
but not its appraisals. ``tests/directory/test_access_matrix.py`` fails when a page is in no
matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from sanxin.appraisals.api import router
from sanxin.common.enums import Confidentiality
from sanxin.projects.enums import ConsortiumStatus
from tests.appraisals.factories import WIND_INPUTS, AppraisalFactory
from tests.conftest import ROLES, client_for
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration

LOGIN = "login"
OK = 200
DONE = 302
FORBIDDEN = 403
HIDDEN = 404
UNAUTH = 401
CREATED = 201


@dataclass(frozen=True)
class Case:
    url: Callable
    expect: dict[str, object]
    method: str = "get"
    data: Callable | None = None


def _all(value):
    return dict.fromkeys(ROLES, value)


def _setup(world) -> dict:
    project = ProjectFactory(
        title_en="Matrix wind farm",
        owner=world.member_org,
        confidentiality=Confidentiality.ALLIANCE,
    )
    own = ProjectFactory(
        title_en="Own wind farm", owner=world.member_org, confidentiality=Confidentiality.OWN
    )
    for p in (project, own):
        ConsortiumRoleFactory(
            project=p, organization=world.partner_org, status=ConsortiumStatus.INVITED
        )
    return {
        "project": project,
        "own": own,
        "appraisal": AppraisalFactory(project=project),
        "second": AppraisalFactory(project=project),
        "own_appraisal": AppraisalFactory(project=own),
    }


SEES = {
    "anonymous": HIDDEN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": OK,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}
SEES_OWN = {**SEES, "partner": HIDDEN}
TEAM = {
    "anonymous": LOGIN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": FORBIDDEN,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}


def _done(expect: dict) -> dict:
    return {role: DONE if value == OK else value for role, value in expect.items()}


def _form():
    from sanxin.appraisals.interfaces.forms import initial_from

    return {**initial_from(WIND_INPUTS), "scenario": "Matrix"}


def _compare(key: str, *ids: str) -> Callable:
    return lambda x: (
        reverse("appraisal_compare", args=[x[key].pk])
        + "?"
        + "&".join(f"id={x[i].pk}" for i in ids)
    )


MATRIX: dict[str, list[Case]] = {
    "appraisal_assumptions": [Case(lambda x: reverse("appraisal_assumptions"), _all(OK))],
    "appraisal_list": [
        Case(lambda x: reverse("appraisal_list", args=[x["project"].pk]), SEES),
        Case(lambda x: reverse("appraisal_list", args=[x["own"].pk]), SEES_OWN),
    ],
    "appraisal_create": [
        Case(lambda x: reverse("appraisal_create", args=[x["project"].pk]), TEAM),
        Case(
            lambda x: reverse("appraisal_create", args=[x["project"].pk]),
            _done(TEAM),
            "post",
            _form,
        ),
    ],
    "appraisal_detail": [
        Case(lambda x: reverse("appraisal_detail", args=[x["appraisal"].pk]), SEES),
        Case(lambda x: reverse("appraisal_detail", args=[x["own_appraisal"].pk]), SEES_OWN),
    ],
    "appraisal_export": [
        Case(lambda x: reverse("appraisal_export", args=[x["appraisal"].pk]), SEES),
        Case(lambda x: reverse("appraisal_export", args=[x["own_appraisal"].pk]), SEES_OWN),
    ],
    "appraisal_compare": [Case(_compare("project", "appraisal", "second"), SEES)],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, role, name):
    extra = _setup(world)
    client = client_for(world, role)
    for case in MATRIX[name]:
        url = case.url(extra)
        response = getattr(client, case.method)(url, case.data() if case.data else {})
        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302, (name, url, role)
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected, (name, url, role)
            if expected == DONE:
                assert "/appraisals/" in response["Location"]


def test_every_page_is_in_the_matrix():
    from sanxin.appraisals.views.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(MATRIX)


# --- the API ------------------------------------------------------------------------------

API_SEES = dict(SEES)
API_SEES_OWN = dict(SEES_OWN)
API_TEAM = {**TEAM, "anonymous": UNAUTH}


def _w(expect: dict, success: int) -> dict:
    return {role: success if value == OK else value for role, value in expect.items()}


API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/projects/{project_id}/appraisals"): [
        Case(lambda x: f"/api/projects/{x['project'].pk}/appraisals", API_SEES),
        Case(lambda x: f"/api/projects/{x['own'].pk}/appraisals", API_SEES_OWN),
    ],
    ("GET", "/projects/{project_id}/appraisals/defaults"): [
        Case(lambda x: f"/api/projects/{x['project'].pk}/appraisals/defaults", API_SEES),
        Case(lambda x: f"/api/projects/{x['own'].pk}/appraisals/defaults", API_SEES_OWN),
    ],
    ("POST", "/projects/{project_id}/appraisals"): [
        Case(
            lambda x: f"/api/projects/{x['project'].pk}/appraisals",
            _w(API_TEAM, CREATED),
            "post",
            lambda: {"scenario": "API", "inputs": WIND_INPUTS},
        ),
        Case(
            lambda x: f"/api/projects/{x['own'].pk}/appraisals",
            {**_w(API_TEAM, CREATED), "partner": HIDDEN},
            "post",
            lambda: {"scenario": "API", "inputs": WIND_INPUTS},
        ),
    ],
    ("GET", "/appraisals/{appraisal_id}"): [
        Case(lambda x: f"/api/appraisals/{x['appraisal'].pk}", API_SEES),
        Case(lambda x: f"/api/appraisals/{x['own_appraisal'].pk}", API_SEES_OWN),
    ],
    ("GET", "/appraisals/{appraisal_id}/export"): [
        Case(lambda x: f"/api/appraisals/{x['appraisal'].pk}/export", API_SEES),
        Case(lambda x: f"/api/appraisals/{x['own_appraisal'].pk}/export", API_SEES_OWN),
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(API_MATRIX), ids=" ".join)
def test_api_access(world, role, key):
    extra = _setup(world)
    client = client_for(world, role)
    for case in API_MATRIX[key]:
        url = case.url(extra)
        if case.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, case.data(), content_type="application/json")
        expected = case.expect[role]
        assert response.status_code == expected, (key, url, role, response.content[:300])
        if expected >= 400:
            code = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}[expected]
            assert response.json()["code"] == code
