"""The access matrix of events: every page, action and API endpoint, as each role.

The event under test belongs to the world's alliance and is visible to its members. The
member and the partner are registered and listed; the org admin is registered but did not
consent to the participant list; the member and the partner have a meeting (the member's side
recorded an outcome) and the partner sent the member a pending request; the event has one
interpreter, Mai, with no meeting. The guest and the other alliance's admin are outside.
``test_every_page_is_in_the_matrix`` (directory) fails when an events page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from sanxin.events.api import router
from sanxin.events.enums import EventAudience, RegistrationKind, RegistrationStatus
from tests.events.conftest import EVENT_ROLES, client_for_role
from tests.events.factories import (
    EventFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OutcomeFactory,
    RegistrationFactory,
)
from tests.factories import PersonFactory

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
    data: dict | None = None


def _all(value):
    return dict.fromkeys(EVENT_ROLES, value)


def _setup(world, symposium) -> dict:
    event = symposium.event
    meeting = MeetingFactory(
        request=MeetingRequestFactory(
            sender=symposium.member, recipient=symposium.partner, status="accepted"
        ),
        table=1,
    )
    pending = MeetingRequestFactory(sender=symposium.partner, recipient=symposium.member)
    waiting = RegistrationFactory(
        event=event,
        person=PersonFactory(organization=world.public_org),
        kind=RegistrationKind.GUEST,
        status=RegistrationStatus.PENDING,
    )
    public = EventFactory(alliance=world.alliance, audience=EventAudience.PUBLIC)
    return {
        "event": event,
        "public": public,
        "meeting": meeting,
        "pending": pending,
        "waiting": waiting,
        "partner": symposium.partner,
        "outcome": OutcomeFactory(meeting=meeting, registration=symposium.member),
        "interpreter": InterpreterFactory(event=event, name="Mai"),
    }


def _u(name: str, *keys: str, extra: tuple = ()) -> Callable:
    return lambda x: reverse(name, args=[*(x[k].pk for k in keys), *extra])


SEES = {
    "anonymous": HIDDEN,
    "other_alliance": HIDDEN,
    "member": OK,
    "partner": OK,
    "org_admin": OK,
    "secretariat": OK,
    "admin": OK,
    "guest": HIDDEN,
}
SIGNED_IN_SEES = {**SEES, "anonymous": LOGIN}
ORGANISERS = {**SIGNED_IN_SEES, "member": FORBIDDEN, "partner": FORBIDDEN, "org_admin": FORBIDDEN}
MEETING_PARTIES = {**SIGNED_IN_SEES, "org_admin": HIDDEN}


def _done(expect: dict) -> dict:
    return {role: DONE if value == OK else value for role, value in expect.items()}


MATRIX: dict[str, list[Case]] = {
    "event_list": [Case(lambda x: reverse("event_list"), _all(OK))],
    "event_detail": [
        Case(_u("event_detail", "event"), SEES),
        Case(_u("event_detail", "public"), _all(OK)),
    ],
    "event_create": [
        Case(
            lambda x: reverse("event_create"),
            {
                **_all(FORBIDDEN),
                "anonymous": LOGIN,
                "secretariat": OK,
                "admin": OK,
            },
        )
    ],
    "event_edit": [Case(_u("event_edit", "event"), ORGANISERS)],
    "event_status": [
        Case(_u("event_status", "event"), _done(ORGANISERS), "post", {"status": "draft"})
    ],
    "session_add": [Case(_u("session_add", "event"), ORGANISERS)],
    "interpreter_list": [Case(_u("interpreter_list", "event"), ORGANISERS)],
    "interpreter_add": [
        Case(_u("interpreter_add", "event"), ORGANISERS),
        Case(
            _u("interpreter_add", "event"),
            _done(ORGANISERS),
            "post",
            {"name": "Anna", "language_a": "en", "language_b": "zh"},
        ),
    ],
    "interpreter_edit": [
        Case(_u("interpreter_edit", "event", "interpreter"), ORGANISERS),
        Case(
            _u("interpreter_edit", "event", "interpreter"),
            _done(ORGANISERS),
            "post",
            {"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": []},
        ),
    ],
    "interpreter_remove": [
        Case(_u("interpreter_remove", "event", "interpreter"), ORGANISERS),
        Case(_u("interpreter_remove", "event", "interpreter"), _done(ORGANISERS), "post"),
    ],
    "event_register": [
        Case(_u("event_register", "event"), SIGNED_IN_SEES),
        Case(_u("event_register", "public"), {**_all(OK), "anonymous": LOGIN}),
    ],
    "registration_answer": [
        Case(
            _u("registration_answer", "waiting", extra=("approve",)),
            {**_all(HIDDEN), "anonymous": LOGIN, "secretariat": DONE, "admin": DONE},
            "post",
        )
    ],
    "event_participants": [
        Case(_u("event_participants", "event"), SEES),
        Case(_u("event_participants", "public"), _all(OK)),
    ],
    "request_create": [
        Case(
            _u("request_create", "event", "partner"),
            {**SIGNED_IN_SEES, "secretariat": FORBIDDEN, "admin": FORBIDDEN},
        )
    ],
    "event_requests": [Case(_u("event_requests", "event"), SIGNED_IN_SEES)],
    "request_answer": [
        Case(
            _u("request_answer", "pending", extra=("accept",)),
            {
                **SIGNED_IN_SEES,
                "member": DONE,
                "partner": FORBIDDEN,
                "org_admin": HIDDEN,
                "secretariat": FORBIDDEN,
                "admin": FORBIDDEN,
            },
            "post",
        )
    ],
    "event_schedule": [Case(_u("event_schedule", "event"), ORGANISERS)],
    "event_booking": [Case(_u("event_booking", "event"), _done(ORGANISERS), "post", {"open": "0"})],
    "event_tables": [Case(_u("event_tables", "event"), ORGANISERS)],
    "meeting_attendance": [
        Case(_u("meeting_attendance", "meeting"), _done(ORGANISERS), "post", {"attendance": "held"})
    ],
    "registration_check_in": [
        Case(_u("registration_check_in", "partner"), _done(ORGANISERS), "post")
    ],
    "event_agenda": [Case(_u("event_agenda", "event"), SIGNED_IN_SEES)],
    "event_agenda_ics": [Case(_u("event_agenda_ics", "event"), SIGNED_IN_SEES)],
    "event_agenda_pdf": [Case(_u("event_agenda_pdf", "event"), SIGNED_IN_SEES)],
    "meeting_cancel": [Case(_u("meeting_cancel", "meeting"), _done(MEETING_PARTIES), "post")],
    "meeting_outcome": [Case(_u("meeting_outcome", "meeting"), MEETING_PARTIES)],
    "outcome_detail": [
        Case(_u("outcome_detail", "outcome"), {**MEETING_PARTIES, "partner": HIDDEN})
    ],
    "event_report": [Case(_u("event_report", "event"), ORGANISERS)],
}


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(world, symposium, role, name):
    extra = _setup(world, symposium)
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

UNAUTH = 401
CREATED = 201
ACCEPTED = 202
NO_CONTENT = 204
API_SEES = {**SEES}
API_SIGNED_IN = {**SEES, "anonymous": UNAUTH}
API_ORGANISERS = {**ORGANISERS, "anonymous": UNAUTH}
API_PARTIES = {**MEETING_PARTIES, "anonymous": UNAUTH}


def _w(expect: dict, success: int) -> dict:
    return {role: success if value == OK else value for role, value in expect.items()}


def _api(template: str) -> Callable:
    def url(x):
        return "/api" + template.format(
            event=x["event"].pk,
            public=x["public"].pk,
            meeting=x["meeting"].pk,
            pending=x["pending"].pk,
            waiting=x["waiting"].pk,
            partner=x["partner"].pk,
            outcome=x["outcome"].pk,
            interpreter=x["interpreter"].pk,
        )

    return url


API_MATRIX: dict[tuple[str, str], list[Case]] = {
    ("GET", "/events"): [Case(_api("/events"), _all(OK))],
    ("POST", "/events"): [
        Case(
            _api("/events"),
            {**_all(FORBIDDEN), "anonymous": UNAUTH, "secretariat": CREATED, "admin": CREATED},
            "post",
            {
                "alliance": "three-new",
                "title_en": "Hanoi forum",
                "start_date": "2030-09-01",
                "end_date": "2030-09-02",
            },
        )
    ],
    ("GET", "/events/{event_id}"): [
        Case(_api("/events/{event}"), API_SEES),
        Case(_api("/events/{public}"), _all(OK)),
    ],
    ("PATCH", "/events/{event_id}"): [
        Case(_api("/events/{event}"), {**API_ORGANISERS}, "patch", {"venue": "Hall B"})
    ],
    ("POST", "/events/{event_id}/status"): [
        Case(_api("/events/{event}/status"), API_ORGANISERS, "post", {"status": "published"})
    ],
    ("POST", "/events/{event_id}/booking"): [
        Case(_api("/events/{event}/booking"), API_ORGANISERS, "post", {"open": False})
    ],
    ("GET", "/events/{event_id}/interpreters"): [
        Case(_api("/events/{event}/interpreters"), API_ORGANISERS)
    ],
    ("POST", "/events/{event_id}/interpreters"): [
        Case(
            _api("/events/{event}/interpreters"),
            _w(API_ORGANISERS, CREATED),
            "post",
            {"name": "Anna", "language_a": "en", "language_b": "zh"},
        )
    ],
    ("PATCH", "/events/{event_id}/interpreters/{interpreter_id}"): [
        Case(
            _api("/events/{event}/interpreters/{interpreter}"),
            API_ORGANISERS,
            "patch",
            {"unavailable": ["2030-05-12 09:00"]},
        )
    ],
    ("DELETE", "/events/{event_id}/interpreters/{interpreter_id}"): [
        Case(
            _api("/events/{event}/interpreters/{interpreter}"),
            _w(API_ORGANISERS, NO_CONTENT),
            "delete",
        )
    ],
    ("GET", "/events/{event_id}/participants"): [
        Case(_api("/events/{event}/participants"), API_SEES)
    ],
    ("POST", "/events/{event_id}/registrations"): [
        Case(
            _api("/events/{public}/registrations"),
            {
                **_all(CREATED),
                "anonymous": UNAUTH,
                # already registered for the public event? no: the three are registered for
                # the alliance event only, so everyone signed in may register here.
            },
            "post",
            {"listed": True, "languages": ["zh"]},
        )
    ],
    ("POST", "/events/{event_id}/registrations/{registration_id}/{action}"): [
        Case(
            lambda x: _api("/events/{event}/registrations/{waiting}")(x) + "/approve",
            {**_all(HIDDEN), "anonymous": UNAUTH, "secretariat": OK, "admin": OK},
            "post",
        )
    ],
    ("GET", "/events/{event_id}/requests"): [Case(_api("/events/{event}/requests"), API_SIGNED_IN)],
    ("POST", "/events/{event_id}/requests"): [
        Case(
            _api("/events/{event}/requests"),
            {
                **API_SIGNED_IN,
                # the member already has requests with the partner; the org admin may ask
                "member": 422,
                "partner": 422,
                "org_admin": CREATED,
                "secretariat": 422,
                "admin": 422,
            },
            "post",
            {"recipient": "{partner}", "priority": "must"},
        )
    ],
    ("POST", "/events/{event_id}/requests/{request_id}/{action}"): [
        Case(
            lambda x: _api("/events/{event}/requests/{pending}")(x) + "/accept",
            {
                **API_SIGNED_IN,
                "partner": FORBIDDEN,
                "org_admin": HIDDEN,
                "secretariat": FORBIDDEN,
                "admin": FORBIDDEN,
            },
            "post",
        )
    ],
    ("GET", "/events/{event_id}/meetings"): [Case(_api("/events/{event}/meetings"), API_SIGNED_IN)],
    ("GET", "/events/{event_id}/capacity"): [
        Case(_api("/events/{event}/capacity"), API_ORGANISERS)
    ],
    ("POST", "/events/{event_id}/schedule"): [
        Case(_api("/events/{event}/schedule"), _w(API_ORGANISERS, ACCEPTED), "post", {})
    ],
    ("GET", "/events/{event_id}/schedule"): [
        Case(
            _api("/events/{event}/schedule"),
            # no run yet: the organisers get 404 too, nobody learns more than they may
            {**API_ORGANISERS, "secretariat": HIDDEN, "admin": HIDDEN},
        )
    ],
    ("POST", "/events/{event_id}/meetings/{meeting_id}/attendance"): [
        Case(
            _api("/events/{event}/meetings/{meeting}/attendance"),
            {**API_PARTIES, "member": FORBIDDEN, "partner": FORBIDDEN},
            "post",
            {"attendance": "held"},
        )
    ],
    ("POST", "/events/{event_id}/meetings/{meeting_id}/outcome"): [
        Case(
            _api("/events/{event}/meetings/{meeting}/outcome"),
            # organisers are no side: without ``side`` they may not speak for one
            {**API_PARTIES, "secretariat": FORBIDDEN, "admin": FORBIDDEN},
            "post",
            {"result": "follow_up"},
        )
    ],
    ("POST", "/events/{event_id}/outcomes/{outcome_id}/project"): [
        Case(
            _api("/events/{event}/outcomes/{outcome}/project"),
            {
                **_w(API_PARTIES, CREATED),
                "partner": HIDDEN,
                # the admin organises but owns nothing: the project's owner decides
                "admin": CREATED,
            },
            "post",
            {"title_en": "Gearbox plant", "project_type": "equipment_manufacturing"},
        )
    ],
    ("GET", "/events/{event_id}/report"): [Case(_api("/events/{event}/report"), API_ORGANISERS)],
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


def _payload(data: dict | None, extra: dict) -> dict:
    return {
        key: extra["partner"].pk if value == "{partner}" else value
        for key, value in (data or {}).items()
    }


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("key", sorted(API_MATRIX), ids=" ".join)
def test_api_access(world, symposium, role, key):
    extra = _setup(world, symposium)
    client = client_for_role(world, role)
    for case in API_MATRIX[key]:
        url = case.url(extra)
        if case.method == "get":
            response = client.get(url)
        else:
            response = getattr(client, case.method)(
                url, _payload(case.data, extra), content_type="application/json"
            )
        expected = case.expect[role]
        assert response.status_code == expected, (key, url, role, response.content[:300])
        if expected >= 400:
            code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}
            assert response.json()["code"] == code[expected]
