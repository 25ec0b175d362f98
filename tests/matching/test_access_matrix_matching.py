"""The access matrix of matching: every page, panel, action and API endpoint, as each role.

The project under test belongs to the world's member organization (alliance-only), so its
people and the alliance's secretariat are its team; the partner organization sees it but is
not on its team; the other alliance's admin does not see it. The event is the alliance's
symposium, where the member, the partner and the org admin are registered.
``test_every_page_is_in_the_matrix`` (directory) fails when a matching page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from sanxin.matching.api import router
from sanxin.matching.models import Feedback
from sanxin.projects.models import ConsortiumRole
from tests.conftest import ROLES, client_for
from tests.events.conftest import symposium  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.integration

LOGIN = "login"
OK = 200
DONE = 302
FORBIDDEN = 403
HIDDEN = 404


@dataclass(frozen=True)
class Case:
    url: Callable
    expect: dict[str, object]
    method: str = "get"
    data: Callable | None = None


def _all(value):
    return dict.fromkeys(ROLES, value)


SEES = {**_all(OK), "anonymous": HIDDEN, "other_alliance": HIDDEN}
SIGNED_IN_SEES = {**SEES, "anonymous": LOGIN}
TEAM = {**SIGNED_IN_SEES, "partner": FORBIDDEN}
EDITORS = {**TEAM, "member": FORBIDDEN}
SECRETARIAT = {**_all(FORBIDDEN), "anonymous": LOGIN, "secretariat": OK, "admin": OK}
PARTICIPANTS = {**SIGNED_IN_SEES, "secretariat": FORBIDDEN, "admin": FORBIDDEN}


def _done(expect: dict) -> dict:
    return {role: DONE if value == OK else value for role, value in expect.items()}


def _setup(world, matchmaking, symposium) -> dict:  # noqa: F811
    return {"project": matchmaking.project, "epc": matchmaking.epc, "event": symposium.event}


MATRIX: dict[str, list[Case]] = {
    "match_project_partners": [
        Case(lambda w, x: reverse("match_project_partners", args=[x["project"].pk]), SEES)
    ],
    "match_organization": [
        Case(lambda w, x: reverse("match_organization", args=[w.member_org.slug]), SEES),
        Case(lambda w, x: reverse("match_organization", args=[w.public_org.slug]), _all(OK)),
    ],
    "match_event_meetings": [
        Case(lambda w, x: reverse("match_event_meetings", args=[x["event"].pk]), PARTICIPANTS)
    ],
    "match_feedback": [
        Case(
            lambda w, x: reverse("match_feedback"),
            # a project the other alliance cannot see: refused with a message, nothing saved
            {**_done(TEAM), "other_alliance": DONE},
            "post",
            lambda x: {
                "subject": f"p{x['project'].pk}",
                "target": f"o{x['epc'].pk}",
                "interested": "1",
            },
        )
    ],
    "match_consortium": [
        Case(lambda w, x: reverse("match_consortium", args=[x["project"].pk]), TEAM)
    ],
    "match_consortium_invite": [
        Case(
            lambda w, x: reverse("match_consortium_invite", args=[x["project"].pk]),
            _done(EDITORS),
            "post",
            lambda x: {"assignment": f"epc:{x['epc'].pk}"},
        )
    ],
    "match_invitations": [Case(lambda w, x: reverse("match_invitations"), SECRETARIAT)],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, matchmaking, symposium, role, name):  # noqa: F811
    extra = _setup(world, matchmaking, symposium)
    client = client_for(world, role)
    for case in MATRIX[name]:
        url = case.url(world, extra)
        data = case.data(extra) if case.data else {}
        response = getattr(client, case.method)(url, data)
        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302, (name, url, role)
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected, (name, url, role)
            if expected == DONE:
                assert not response["Location"].startswith(reverse("login"))
    if name == "match_feedback":
        saved = TEAM[role] == OK
        assert Feedback.objects.exists() == saved, role
    if name == "match_consortium_invite":
        invited = EDITORS[role] == OK
        assert ConsortiumRole.objects.filter(role="epc").exists() == invited, role


# --- the API ------------------------------------------------------------------------------

UNAUTH = 401
CREATED = 201
INVALID = 422


def _api(expect: dict, success: int = OK) -> dict:
    return {
        role: (UNAUTH if value == LOGIN else success if value == OK else value)
        for role, value in expect.items()
    }


API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/matching/projects/{project_id}/partners"): [
        Case(lambda w, x: f"/api/matching/projects/{x['project'].pk}/partners", SEES)
    ],
    ("GET", "/matching/organizations/{slug}/projects"): [
        Case(lambda w, x: f"/api/matching/organizations/{w.member_org.slug}/projects", SEES)
    ],
    ("GET", "/matching/organizations/{slug}/offers"): [
        Case(lambda w, x: f"/api/matching/organizations/{w.member_org.slug}/offers", SEES),
        Case(lambda w, x: f"/api/matching/organizations/{w.public_org.slug}/offers", _all(OK)),
    ],
    ("GET", "/matching/events/{event_id}/meetings"): [
        Case(lambda w, x: f"/api/matching/events/{x['event'].pk}/meetings", _api(PARTICIPANTS))
    ],
    ("POST", "/matching/feedback"): [
        Case(
            lambda w, x: "/api/matching/feedback",
            {**_api(TEAM), "other_alliance": INVALID},
            "post",
            lambda x: {
                "subject": f"p{x['project'].pk}",
                "target": f"o{x['epc'].pk}",
                "interested": True,
            },
        )
    ],
    ("GET", "/matching/projects/{project_id}/consortium"): [
        Case(lambda w, x: f"/api/matching/projects/{x['project'].pk}/consortium", _api(TEAM))
    ],
    ("POST", "/matching/projects/{project_id}/consortium/invite"): [
        Case(
            lambda w, x: f"/api/matching/projects/{x['project'].pk}/consortium/invite",
            _api(EDITORS, CREATED),
            "post",
            lambda x: {"assignments": [{"role": "epc", "organization": x["epc"].pk}]},
        )
    ],
    ("GET", "/matching/invitations"): [
        Case(lambda w, x: "/api/matching/invitations", _api(SECRETARIAT))
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
def test_api_access(world, matchmaking, symposium, role, key):  # noqa: F811
    extra = _setup(world, matchmaking, symposium)
    client = client_for(world, role)
    for case in API_MATRIX[key]:
        url = case.url(world, extra)
        if case.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, case.data(extra), content_type="application/json")
        expected = case.expect[role]
        assert response.status_code == expected, (key, url, role, response.content[:300])
        if expected >= 400:
            code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}
            assert response.json()["code"] == code[expected]
