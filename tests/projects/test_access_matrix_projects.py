"""The access matrix of projects: every page, action and API endpoint, as each role.

The project under test is owned by the member organization and visible to the alliance; the
partner organization is *invited* to its consortium (so it sees the project but is not yet on
its team). ``tests/directory/test_access_matrix.py`` fails when a page is in neither matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from sanxin.common.enums import Confidentiality
from sanxin.projects.api import router
from sanxin.projects.enums import ConsortiumStatus, DocumentAudience
from tests.conftest import ROLES, client_for
from tests.projects.factories import (
    ConsortiumRoleFactory,
    DocumentFactory,
    FollowUpFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PhaseFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.integration

LOGIN = "login"  # expected: redirect to the sign-in page
OK = 200
DONE = 302  # a POST action that succeeded and redirected
FORBIDDEN = 403
HIDDEN = 404


@dataclass(frozen=True)
class Case:
    url: Callable  # (extra) -> path
    expect: dict[str, object]
    method: str = "get"
    data: dict | Callable | None = None  # a callable builds fresh data (an upload) per request
    multipart: bool = False


def _all(value):
    return dict.fromkeys(ROLES, value)


def _setup(world) -> dict:
    project = ProjectFactory(
        title_en="Matrix wind farm",
        owner=world.member_org,
        confidentiality=Confidentiality.ALLIANCE,
    )
    public = ProjectFactory(
        title_en="Public solar", owner=world.public_org, confidentiality=Confidentiality.PUBLIC
    )
    invitation = ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    return {
        "project": project,
        "public": public,
        "invitation": invitation,
        "phase": PhaseFactory(project=project, number=1),
        "milestone": MilestoneFactory(project=project),
        "follow_up": FollowUpFactory(project=project, owner=world.member),
        "document": DocumentFactory(project=project, audience=DocumentAudience.PROJECT),
        "team_document": DocumentFactory(project=project, audience=DocumentAudience.TEAM),
        "own_document": DocumentFactory(
            project=project, audience=DocumentAudience.TEAM, uploaded_by=world.member
        ),
        "source": FundingSourceFactory(project=project),
    }


def _p(name: str, *keys: str) -> Callable:
    """reverse(name) with the ids of the named fixtures (``project`` → its pk)."""
    return lambda x: reverse(name, args=[x[k].pk for k in keys])


SEES_PROJECT = {
    "anonymous": HIDDEN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": OK,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}
EDITORS = {
    "anonymous": LOGIN,
    "other_alliance": HIDDEN,
    "member": FORBIDDEN,
    "partner": FORBIDDEN,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
}
TEAM = {**EDITORS, "member": OK}
SIGNED_IN = {**_all(OK), "anonymous": LOGIN}


def _done(expect: dict) -> dict:
    return {role: DONE if value == OK else value for role, value in expect.items()}


MATRIX: dict[str, list[Case]] = {
    "project_list": [Case(lambda x: reverse("project_list"), _all(OK))],
    "project_board": [Case(lambda x: reverse("project_board"), _all(OK))],
    "project_landing": [Case(lambda x: reverse("project_landing"), _all(OK))],
    "follow_ups_mine": [Case(lambda x: reverse("follow_ups_mine"), SIGNED_IN)],
    "project_create": [Case(lambda x: reverse("project_create"), SIGNED_IN)],
    "project_detail": [
        Case(_p("project_detail", "project"), SEES_PROJECT),
        Case(_p("project_detail", "public"), _all(OK)),
    ],
    "project_edit": [Case(_p("project_edit", "project"), EDITORS)],
    "project_stage": [
        Case(_p("project_stage", "project"), _done(EDITORS), "post", {"stage": "proposed"})
    ],
    "project_watch": [
        Case(_p("project_watch", "project"), _done({**SEES_PROJECT, "anonymous": LOGIN}), "post")
    ],
    "phase_add": [Case(_p("phase_add", "project"), EDITORS)],
    "phase_edit": [Case(_p("phase_edit", "project", "phase"), EDITORS)],
    "phase_delete": [
        Case(_p("phase_delete", "project", "phase"), EDITORS),
        Case(_p("phase_delete", "project", "phase"), _done(EDITORS), "post"),
    ],
    "milestone_add": [Case(_p("milestone_add", "project"), TEAM)],
    "milestone_edit": [Case(_p("milestone_edit", "project", "milestone"), TEAM)],
    "milestone_delete": [
        Case(_p("milestone_delete", "project", "milestone"), TEAM),
        Case(_p("milestone_delete", "project", "milestone"), _done(TEAM), "post"),
    ],
    "consortium_invite": [Case(_p("consortium_invite", "project"), EDITORS)],
    "consortium_answer": [
        Case(
            lambda x: reverse("consortium_answer", args=[x["invitation"].pk, "accept"]),
            {
                "anonymous": LOGIN,
                "other_alliance": HIDDEN,
                "member": FORBIDDEN,
                "partner": DONE,
                "org_admin": FORBIDDEN,
                "secretariat": FORBIDDEN,
                "admin": FORBIDDEN,
            },
            "post",
        )
    ],
    "funding_add": [Case(_p("funding_add", "project"), TEAM)],
    "follow_up_add": [Case(_p("follow_up_add", "project"), TEAM)],
    # The partner is not on the team and does not own the action: it does not see it.
    "follow_up_edit": [Case(_p("follow_up_edit", "follow_up"), {**TEAM, "partner": HIDDEN})],
    "follow_up_done": [
        Case(_p("follow_up_done", "follow_up"), _done({**TEAM, "partner": HIDDEN}), "post")
    ],
    "document_upload": [Case(_p("document_upload", "project"), TEAM)],
    "document_delete": [
        Case(_p("document_delete", "document"), EDITORS),
        Case(_p("document_delete", "own_document"), {**TEAM, "partner": HIDDEN}),
        Case(_p("document_delete", "own_document"), _done({**TEAM, "partner": HIDDEN}), "post"),
    ],
    "document_download": [
        Case(_p("document_download", "document"), SEES_PROJECT),
        Case(_p("document_download", "team_document"), {**SEES_PROJECT, "partner": HIDDEN}),
    ],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, role, name):
    extra = _setup(world)
    client = client_for(world, role)
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

UNAUTH = 401
CREATED = 201
GONE = 204
API_SEES = {**SEES_PROJECT}
API_EDITORS = {**EDITORS, "anonymous": UNAUTH}
API_TEAM = {**TEAM, "anonymous": UNAUTH}
API_SIGNED_IN = {**_all(OK), "anonymous": UNAUTH}


def _w(expect: dict, success: int) -> dict:
    return {role: success if value == OK else value for role, value in expect.items()}


def _api(template: str) -> Callable:
    def url(x):
        return "/api" + template.format(
            project=x["project"].pk,
            phase=x["phase"].pk,
            milestone=x["milestone"].pk,
            role=x["invitation"].pk,
            source=x["source"].pk,
            follow_up=x["follow_up"].pk,
            document=x["document"].pk,
            own_document=x["own_document"].pk,
        )

    return url


TODAY = dt.date.today().isoformat()  # noqa: DTZ011 - the server's local date in tests

API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/projects"): [Case(_api("/projects"), _all(OK))],
    ("GET", "/projects/landing"): [Case(_api("/projects/landing"), _all(OK))],
    ("GET", "/projects/{project_id}"): [Case(_api("/projects/{project}"), API_SEES)],
    ("POST", "/projects"): [
        Case(
            _api("/projects"),
            {**_w(API_SIGNED_IN, CREATED)},
            "post",
            {"title_en": "New", "project_type": "wind", "country": "CN"},
        )
    ],
    ("PATCH", "/projects/{project_id}"): [
        Case(_api("/projects/{project}"), API_EDITORS, "patch", {"city": "Chengdu"})
    ],
    ("POST", "/projects/{project_id}/stage"): [
        Case(_api("/projects/{project}/stage"), API_EDITORS, "post", {"stage": "proposed"})
    ],
    ("POST", "/projects/{project_id}/watch"): [
        Case(_api("/projects/{project}/watch"), _w({**API_SEES, "anonymous": UNAUTH}, GONE), "post")
    ],
    ("DELETE", "/projects/{project_id}/watch"): [
        Case(
            _api("/projects/{project}/watch"),
            _w({**API_SEES, "anonymous": UNAUTH}, GONE),
            "delete",
        )
    ],
    ("GET", "/projects/{project_id}/phases"): [Case(_api("/projects/{project}/phases"), API_SEES)],
    ("POST", "/projects/{project_id}/phases"): [
        Case(
            _api("/projects/{project}/phases"), _w(API_EDITORS, CREATED), "post", {"name_en": "P2"}
        )
    ],
    ("PATCH", "/projects/{project_id}/phases/{phase_id}"): [
        Case(_api("/projects/{project}/phases/{phase}"), API_EDITORS, "patch", {"name_en": "P1"})
    ],
    ("GET", "/projects/{project_id}/milestones"): [
        Case(_api("/projects/{project}/milestones"), API_SEES)
    ],
    ("POST", "/projects/{project_id}/milestones"): [
        Case(
            _api("/projects/{project}/milestones"),
            _w(API_TEAM, CREATED),
            "post",
            {"title_en": "Grid connection", "planned": "2031-01-01"},
        )
    ],
    ("PATCH", "/projects/{project_id}/milestones/{milestone_id}"): [
        Case(
            _api("/projects/{project}/milestones/{milestone}"),
            API_TEAM,
            "patch",
            {"evidence": "Minutes"},
        )
    ],
    ("GET", "/projects/{project_id}/consortium"): [
        Case(_api("/projects/{project}/consortium"), API_SEES)
    ],
    ("POST", "/projects/{project_id}/consortium"): [
        Case(
            _api("/projects/{project}/consortium"),
            _w(API_EDITORS, CREATED),
            "post",
            {"organization": "public-org", "role": "financier"},
        )
    ],
    ("POST", "/projects/{project_id}/consortium/{role_id}/{action}"): [
        Case(
            lambda x: _api("/projects/{project}/consortium/{role}")(x) + "/accept",
            {
                "anonymous": UNAUTH,
                "other_alliance": HIDDEN,
                "member": FORBIDDEN,
                "partner": OK,
                "org_admin": FORBIDDEN,
                "secretariat": FORBIDDEN,
                "admin": FORBIDDEN,
            },
            "post",
        )
    ],
    ("GET", "/projects/{project_id}/funding"): [
        Case(_api("/projects/{project}/funding"), API_SEES)
    ],
    ("POST", "/projects/{project_id}/funding"): [
        Case(
            _api("/projects/{project}/funding"),
            _w(API_TEAM, CREATED),
            "post",
            {"label": "Bank of Sichuan", "kind": "loan"},
        )
    ],
    ("POST", "/projects/{project_id}/funding/{source_id}/entries"): [
        Case(
            _api("/projects/{project}/funding/{source}/entries"),
            _w(API_TEAM, CREATED),
            "post",
            {"kind": "committed", "amount": "1000", "on": TODAY},
        )
    ],
    ("GET", "/projects/{project_id}/follow-ups"): [
        Case(_api("/projects/{project}/follow-ups"), API_SEES)
    ],
    ("POST", "/projects/{project_id}/follow-ups"): [
        Case(
            _api("/projects/{project}/follow-ups"),
            _w(API_TEAM, CREATED),
            "post",
            {"title": "Call the bank", "due": "2031-01-01"},
        )
    ],
    ("GET", "/follow-ups/mine"): [Case(_api("/follow-ups/mine"), API_SIGNED_IN)],
    ("PATCH", "/follow-ups/{follow_up_id}"): [
        Case(
            _api("/follow-ups/{follow_up}"),
            {**API_TEAM, "partner": HIDDEN},
            "patch",
            {"status": "done"},
        )
    ],
    ("GET", "/projects/{project_id}/documents"): [
        Case(_api("/projects/{project}/documents"), API_SEES)
    ],
    ("POST", "/projects/{project_id}/documents"): [
        Case(
            _api("/projects/{project}/documents"),
            _w(API_TEAM, CREATED),
            "post",
            lambda: {"file": _upload(), "title": "Grid study"},
            multipart=True,
        )
    ],
    ("DELETE", "/projects/{project_id}/documents/{document_id}"): [
        Case(_api("/projects/{project}/documents/{document}"), _w(API_EDITORS, GONE), "delete"),
        Case(
            _api("/projects/{project}/documents/{own_document}"),
            _w({**API_TEAM, "partner": HIDDEN}, GONE),
            "delete",
        ),
    ],
    ("DELETE", "/projects/{project_id}/phases/{phase_id}"): [
        Case(_api("/projects/{project}/phases/{phase}"), _w(API_EDITORS, GONE), "delete")
    ],
    ("DELETE", "/projects/{project_id}/milestones/{milestone_id}"): [
        Case(_api("/projects/{project}/milestones/{milestone}"), _w(API_TEAM, GONE), "delete")
    ],
}


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("study.pdf", b"%PDF-1.4 grid study", "application/pdf")


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
        data = case.data() if callable(case.data) else case.data
        if case.method == "get":
            response = client.get(url)
        elif case.multipart:
            response = client.post(url, data)
        else:
            response = getattr(client, case.method)(
                url, data or {}, content_type="application/json"
            )
        expected = case.expect[role]
        assert response.status_code == expected, (key, url, role, response.content[:300])
        if expected >= 400:
            code = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}[expected]
            assert response.json()["code"] == code
