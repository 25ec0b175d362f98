"""The access matrix of insights: every page and API endpoint, as each role.

The dashboard is for the alliance's people (its active members' people, its secretariat and
platform admins); a report is opened by the person who asked for it, the secretariat and
admins. The report under test was asked for by the member. ``test_every_page_is_in_the_matrix``
(directory) fails when an insights page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from sanxin.insights.api import router
from sanxin.insights.domain.reports import finish_report, request_report
from tests.events.conftest import EVENT_ROLES, client_for_role

pytestmark = pytest.mark.integration

LOGIN = "login"
OK = 200
DONE = 302
FORBIDDEN = 403
HIDDEN = 404
UNAUTH = 401
ACCEPTED = 202


@dataclass(frozen=True)
class Case:
    url: Callable
    expect: dict[str, object]
    method: str = "get"
    data: dict | None = None


def _all(value):
    return dict.fromkeys(EVENT_ROLES, value)


ALLIANCE_PEOPLE = {
    "anonymous": LOGIN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": OK,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
    "guest": FORBIDDEN,
}
SECRETARIAT = {**ALLIANCE_PEOPLE, "member": FORBIDDEN, "partner": FORBIDDEN, "org_admin": FORBIDDEN}
REPORT_READERS = {
    **ALLIANCE_PEOPLE,
    "guest": HIDDEN,
    "partner": HIDDEN,
    "org_admin": HIDDEN,
}


def _setup(world) -> dict:
    report = request_report(
        actor=world.member,
        alliance=world.alliance,
        start=None,
        end=None,
        language="en",
        file_format="pdf",
    )
    finish_report(report, b"%PDF-1.4 a report")
    return {"report": report}


def _q(name: str, *args) -> Callable:
    return lambda x: reverse(name, args=list(args)) + "?alliance=three-new"


def _r(name: str) -> Callable:
    return lambda x: reverse(name, args=[x["report"].pk])


MATRIX: dict[str, list[Case]] = {
    "dashboard": [
        Case(_q("dashboard"), ALLIANCE_PEOPLE),
        # without ?alliance=: the viewer's own alliance (the other alliance's admin sees theirs)
        Case(lambda x: reverse("dashboard"), {**ALLIANCE_PEOPLE, "other_alliance": OK}),
    ],
    "dashboard_csv": [Case(_q("dashboard_csv", "stage"), ALLIANCE_PEOPLE)],
    "insights_target": [
        Case(_q("insights_target"), SECRETARIAT),
        Case(
            _q("insights_target"),
            {role: DONE if v == OK else v for role, v in SECRETARIAT.items()},
            "post",
            {"alliance": "three-new", "year": 2031, "tco2_per_year": "1000"},
        ),
    ],
    "report_list": [Case(_q("report_list"), ALLIANCE_PEOPLE)],
    "report_detail": [Case(_r("report_detail"), REPORT_READERS)],
    "report_download": [Case(_r("report_download"), REPORT_READERS)],
}


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, role, name):
    extra = _setup(world)
    client = client_for_role(world, role)
    for case in MATRIX[name]:
        url = case.url(extra)
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


def _api(expect: dict, success: int = OK) -> dict:
    return {role: UNAUTH if v == LOGIN else success if v == OK else v for role, v in expect.items()}


def _a(template: str) -> Callable:
    return lambda x: "/api" + template.format(report=x["report"].pk)


API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/insights/dashboard"): [
        Case(_a("/insights/dashboard?alliance=three-new"), _api(ALLIANCE_PEOPLE)),
        Case(
            _a("/insights/dashboard?alliance=three-new&region=Atlantis"),
            _api({**ALLIANCE_PEOPLE, **{r: 422 for r, v in ALLIANCE_PEOPLE.items() if v == OK}}),
        ),
    ],
    ("GET", "/insights/targets"): [
        Case(_a("/insights/targets?alliance=three-new"), _api(ALLIANCE_PEOPLE))
    ],
    ("PUT", "/insights/targets"): [
        Case(
            _a("/insights/targets"),
            _api(SECRETARIAT),
            "put",
            {"alliance": "three-new", "year": 2031, "tco2_per_year": "1000"},
        )
    ],
    ("GET", "/insights/reports"): [
        Case(_a("/insights/reports"), {**_all(OK), "anonymous": UNAUTH}),
    ],
    ("POST", "/insights/reports"): [
        Case(
            _a("/insights/reports"),
            _api(ALLIANCE_PEOPLE, ACCEPTED),
            "post",
            {"alliance": "three-new", "language": "zh-hans", "format": "xlsx"},
        )
    ],
    ("GET", "/insights/reports/{report_id}"): [
        Case(_a("/insights/reports/{report}"), _api(REPORT_READERS))
    ],
    ("GET", "/insights/reports/{report_id}/download"): [
        Case(_a("/insights/reports/{report}/download"), _api(REPORT_READERS))
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


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("key", sorted(API_MATRIX), ids=" ".join)
def test_api_access(world, role, key):
    extra = _setup(world)
    client = client_for_role(world, role)
    for case in API_MATRIX[key]:
        url = case.url(extra)
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
