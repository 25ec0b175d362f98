"""The access matrix of the notifications inbox: every page, action and endpoint, as each role.

Every person of the world has one unread notification of their own. Whoever asks sees only
their own; anonymous visitors are sent to sign in (pages) or get 401 (API); another person's
notification answers 404 on the page and 422 ("not yours") in the API, and is never marked.
``test_every_page_is_in_the_matrix`` (directory) fails when an inbox page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from sanxin.projects.api_inbox import router
from sanxin.projects.models import Notification
from tests.conftest import ROLES
from tests.projects.factories import NotificationFactory

pytestmark = pytest.mark.integration

ALL_ROLES = (*ROLES, "guest")
LOGIN, OK, DONE, UNAUTH, HIDDEN, INVALID = "login", 200, 302, 401, 404, 422


@dataclass(frozen=True)
class Case:
    url: Callable
    expect: dict[str, object]
    method: str = "get"
    data: dict | None = None
    #: Whose notifications the request marks read when it succeeds: "own" or "member's".
    marks: str = ""


def _all(value, anonymous=LOGIN) -> dict[str, object]:
    return {**dict.fromkeys(ALL_ROLES, value), "anonymous": anonymous}


def _person(world, role):
    return world.guest if role == "guest" else world.person(role)


def _setup(world) -> dict[str, Notification]:
    notes = {}
    for role in ALL_ROLES:
        person = _person(world, role)
        if person is not None:
            notes[role] = NotificationFactory(person=person, project=None, subject=f"for {role}")
    return notes


def _client(world, role) -> Client:
    client = Client()
    person = _person(world, role)
    if person is not None:
        client.force_login(person)
    return client


def _read_one(whose: str) -> Callable:
    def url(notes, role):
        note = notes.get(role if whose == "own" else whose, notes["member"])
        return reverse("notification_read", args=[note.pk])

    return url


MATRIX: dict[str, list[Case]] = {
    "notification_list": [
        Case(lambda notes, role: reverse("notification_list"), _all(OK)),
        Case(lambda notes, role: reverse("notification_list") + "?unread=1", _all(OK)),
    ],
    "notification_read": [
        # one's own notification (anonymous tries the member's)
        Case(_read_one("own"), _all(DONE), "post", marks="own"),
        # the member's notification: nobody else may touch it, nor learn it exists
        Case(
            _read_one("member"),
            {**_all(HIDDEN), "member": DONE},
            "post",
            marks="member's",
        ),
    ],
    "notification_read_all": [
        Case(lambda notes, role: reverse("notification_read_all"), _all(DONE), "post", marks="own")
    ],
}


def _unread(notes) -> set[str]:
    ids = {n.pk for n in notes.values()}
    return set(
        Notification.objects.filter(pk__in=ids, read__isnull=True).values_list("subject", flat=True)
    )


def _expected_unread(notes, role, marks) -> set[str]:
    everyone = {f"for {r}" for r in notes}
    if marks == "own" and role in notes:
        return everyone - {f"for {role}"}
    if marks == "member's" and role == "member":
        return everyone - {"for member"}
    return everyone


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, role, name):
    for case in MATRIX[name]:
        notes = _setup(world)
        client = _client(world, role)
        url = case.url(notes, role)
        response = getattr(client, case.method)(url, case.data or {})
        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302, (name, url, role)
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected, (name, url, role)
        if expected == OK:
            listed = [n.subject for n in response.context["page"]]
            assert listed == [f"for {role}"], (name, role)
        succeeded = expected in (OK, DONE)
        marks = case.marks if succeeded else ""
        assert _unread(notes) == _expected_unread(notes, role, marks), (name, url, role)
        Notification.objects.all().delete()


# --- the API ------------------------------------------------------------------------------

JSON = "application/json"
CODES = {401: "unauthenticated", 404: "not_found", 422: "invalid"}

API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/notifications"): [
        Case(lambda notes, role: "/api/notifications", _all(OK, anonymous=UNAUTH)),
        Case(lambda notes, role: "/api/notifications?unread=true", _all(OK, anonymous=UNAUTH)),
    ],
    ("POST", "/notifications/read"): [
        Case(
            lambda notes, role: "/api/notifications/read",
            _all(OK, anonymous=UNAUTH),
            "post",
            {"all": True},
            marks="own",
        ),
        Case(
            lambda notes, role: "/api/notifications/read",
            _all(OK, anonymous=UNAUTH),
            "post",
            {"ids": ["own"]},
            marks="own",
        ),
        Case(
            lambda notes, role: "/api/notifications/read",
            {**_all(INVALID, anonymous=UNAUTH), "member": OK},
            "post",
            {"ids": ["member"]},
            marks="member's",
        ),
    ],
}


def test_every_inbox_endpoint_is_in_the_matrix():
    routes = {
        (method, path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert routes == set(API_MATRIX)


def _body(data, notes, role):
    if data is None or "ids" not in data:
        return data or {}
    ids = []
    for whose in data["ids"]:
        note = notes.get(role if whose == "own" else whose, notes["member"])
        ids.append(note.pk)
    return {"ids": ids}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_MATRIX), ids=" ".join)
def test_api_access(world, role, endpoint):
    for case in API_MATRIX[endpoint]:
        notes = _setup(world)
        client = _client(world, role)
        url = case.url(notes, role)
        if case.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, _body(case.data, notes, role), content_type=JSON)
        expected = case.expect[role]
        assert response.status_code == expected, (endpoint, role, response.content[:300])
        if expected != OK:
            assert response.json()["code"] == CODES[expected]
        elif case.method == "get":
            assert [n["subject"] for n in response.json()["items"]] == [f"for {role}"]
        else:
            assert response.json() == {"marked": 1, "unread": 0}
        marks = case.marks if expected == OK else ""
        assert _unread(notes) == _expected_unread(notes, role, marks), (endpoint, role)
        Notification.objects.all().delete()
