"""The notifications API: the caller's own inbox, marking read, errors and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.people import create_api_token
from sanxin.projects.models import Notification
from tests.conftest import client_for
from tests.projects.factories import NotificationFactory, ProjectFactory

pytestmark = pytest.mark.integration

JSON = "application/json"
URL = "/api/notifications"
READ = "/api/notifications/read"
EARLIER = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _note(person, subject, *, project=None, read=None, minutes=0, body=""):
    note = NotificationFactory(
        person=person, project=project, subject=subject, read=read, body=body
    )
    Notification.objects.filter(pk=note.pk).update(created=EARLIER + dt.timedelta(minutes=minutes))
    note.refresh_from_db()
    return note


def _unread(person) -> list[str]:
    return sorted(
        Notification.objects.filter(person=person, read__isnull=True).values_list(
            "subject", flat=True
        )
    )


def _post(client, data, **extra):
    return client.post(READ, data, content_type=JSON, **extra)


def test_anonymous_gets_401(world):
    _note(world.member, "a")
    client = Client()
    listed, marked = client.get(URL), _post(client, {"all": True})
    assert (listed.status_code, listed.json()["code"]) == (401, "unauthenticated")
    assert (marked.status_code, marked.json()["code"]) == (401, "unauthenticated")
    assert _unread(world.member) == ["a"]


def test_list_is_the_callers_own_newest_first(world):
    visible = ProjectFactory(owner=world.member_org, title_en="Bac Ninh storage")
    hidden = ProjectFactory(owner=world.other_org, confidentiality=Confidentiality.OWN)
    new = _note(world.member, "new", project=visible, minutes=3, body="Phase 2 began.")
    old = _note(world.member, "old", project=hidden, minutes=1, read=EARLIER)
    plain = _note(world.member, "plain", minutes=2)
    _note(world.partner, "partner's", minutes=4)

    body = client_for(world, "member").get(URL).json()
    assert body == {
        "count": 3,
        "items": [
            {
                "id": new.pk,
                "action": "sanxin.project.stage.changed",
                "subject": "new",
                "body": "Phase 2 began.",
                "created": "2026-03-01T09:03:00Z",
                "read": None,
                "project": {"id": visible.pk, "title": "Bac Ninh storage"},
            },
            {
                "id": plain.pk,
                "action": "sanxin.project.stage.changed",
                "subject": "plain",
                "body": "",
                "created": "2026-03-01T09:02:00Z",
                "read": None,
                "project": None,
            },
            {
                "id": old.pk,
                "action": "sanxin.project.stage.changed",
                "subject": "old",
                "body": "",
                "created": "2026-03-01T09:01:00Z",
                "read": "2026-03-01T09:00:00Z",
                # the member may no longer see that project: no reference to it
                "project": None,
            },
        ],
    }


def test_list_filters_unread_and_pages(world):
    for i in range(4):
        _note(world.member, f"n{i}", minutes=i, read=EARLIER if i == 2 else None)
    client = client_for(world, "member")
    unread = client.get(URL + "?unread=true").json()
    assert ([n["subject"] for n in unread["items"]], unread["count"]) == (["n3", "n1", "n0"], 3)
    second = client.get(URL + "?limit=2&offset=2").json()
    assert ([n["subject"] for n in second["items"]], second["count"]) == (["n1", "n0"], 4)


def test_bad_query_is_422_in_the_usual_shape(world):
    response = client_for(world, "member").get(URL + "?unread=maybe")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["unread"]


def test_mark_given_ids(world):
    a = _note(world.member, "a")
    b = _note(world.member, "b", read=EARLIER)
    _note(world.member, "c")
    response = _post(client_for(world, "member"), {"ids": [a.pk, b.pk]})
    assert (response.status_code, response.json()) == (200, {"marked": 1, "unread": 1})
    assert _unread(world.member) == ["c"]


def test_mark_all(world):
    _note(world.member, "a")
    _note(world.member, "b")
    _note(world.partner, "p")
    response = _post(client_for(world, "member"), {"all": True})
    assert response.json() == {"marked": 2, "unread": 0}
    assert (_unread(world.member), _unread(world.partner)) == ([], ["p"])


def test_someone_elses_ids_are_refused_and_nothing_is_marked(world):
    mine = _note(world.member, "mine")
    theirs = _note(world.partner, "theirs")
    response = _post(client_for(world, "member"), {"ids": [mine.pk, theirs.pk]})
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Please correct the errors below.",
        "errors": {"ids": [f"You have no notification number {theirs.pk}."]},
    }
    assert (_unread(world.member), _unread(world.partner)) == (["mine"], ["theirs"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "__all__"),
        ({"all": False}, "__all__"),
        ({"ids": [1], "all": True}, "__all__"),
        ({"ids": []}, "ids"),
        ({"ids": ["x"]}, "ids.0"),
        ({"ids": list(range(1, 502))}, "ids"),
        ({"ids": [10**30]}, "ids"),  # too large for the database: nobody's notification
    ],
)
def test_bad_bodies_are_422_and_mark_nothing(world, payload, field):
    _note(world.member, "a")
    response = _post(client_for(world, "member"), payload)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == [field]
    assert _unread(world.member) == ["a"]


def test_not_json_is_400(world):
    response = client_for(world, "member").post(READ, "{not json", content_type=JSON)
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_errors_speak_the_callers_language(world):
    theirs = _note(world.partner, "theirs")
    response = _post(
        client_for(world, "member"), {"ids": [theirs.pk]}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.json()["errors"] == {"ids": [f"您没有编号为 {theirs.pk} 的通知。"]}


def test_token_reads_and_marks_without_csrf(world):
    _note(world.member, "a")
    _token, raw = create_api_token(actor=world.member, name="inbox")
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(URL, **auth).json()["count"] == 1
    assert _post(client, {"all": True}, **auth).json() == {"marked": 1, "unread": 0}


def test_browser_session_needs_the_csrf_token_to_mark(world):
    _note(world.member, "a")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = _post(client, {"all": True})
    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")
    assert _unread(world.member) == ["a"]


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow(world, count, django_assert_num_queries):
    client = client_for(world, "member")
    _note(world.member, "first", project=ProjectFactory(owner=world.member_org))
    with CaptureQueriesContext(connection) as with_one:
        client.get(URL)
    for i in range(count - 1):
        _note(world.member, f"more {i}", project=ProjectFactory(owner=world.member_org))
    with django_assert_num_queries(len(with_one)):
        body = client.get(URL).json()
    assert [n["project"] is not None for n in body["items"]] == [True] * count


def test_openapi_documents_the_endpoints(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    listed = paths["/api/notifications"]["get"]
    marked = paths["/api/notifications/read"]["post"]
    assert listed["tags"] == ["notifications"]
    assert {"200", "401", "403", "422"} <= set(listed["responses"])
    assert {"200", "400", "401", "403", "404", "422"} <= set(marked["responses"])
    assert [p["name"] for p in listed["parameters"]] == ["unread", "limit", "offset"]
