"""The interpreters API: list, create, change, remove; errors in the API's shape; the schema."""

from __future__ import annotations

import pytest

from sanxin.common.models import AuditEntry
from sanxin.events.enums import RequestStatus
from sanxin.events.models import Interpreter
from tests.events.conftest import client_for_role
from tests.events.factories import (
    EventFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
)

pytestmark = pytest.mark.integration

SLOTS = ["2030-05-12 09:00", "2030-05-12 09:30", "2030-05-12 10:00", "2030-05-12 11:00",
         "2030-05-12 11:30"]  # fmt: skip
JSON = "application/json"


def _url(event, item=None) -> str:
    base = f"/api/events/{event.pk}/interpreters"
    return base if item is None else f"{base}/{item.pk}"


def _busy(symposium, interpreter, slot: str = SLOTS[1]):
    return MeetingFactory(
        request=MeetingRequestFactory(
            sender=symposium.member, recipient=symposium.partner, status=RequestStatus.ACCEPTED
        ),
        slot=slot,
        table=1,
        interpreter=interpreter,
    )


def test_the_list_has_every_field(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai", unavailable=SLOTS[:2])
    anna = InterpreterFactory(event=symposium.event, name="Anna", language_a="en")
    InterpreterFactory(event=EventFactory(alliance=world.alliance), name="Elsewhere")
    _busy(symposium, mai)
    response = client_for_role(world, "secretariat").get(_url(symposium.event))
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "items": [
            {
                "id": anna.pk,
                "name": "Anna",
                "language_a": "en",
                "language_b": "zh",
                "unavailable": [],
                "meetings": 0,
            },
            {
                "id": mai.pk,
                "name": "Mai",
                "language_a": "vi",
                "language_b": "zh",
                "unavailable": SLOTS[:2],
                "meetings": 1,
            },
        ],
    }


def test_create_answers_201_or_what_to_fix(world, symposium):
    client = client_for_role(world, "admin")
    response = client.post(
        _url(symposium.event),
        {"name": "Mai", "language_a": "vi", "language_b": "vi", "unavailable": ["9:00"]},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"] == {
        "language_b": ["An interpreter works between two languages."],
        "unavailable": ["Choose slots of this event."],
    }
    assert Interpreter.objects.count() == 0
    response = client.post(
        _url(symposium.event),
        {"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": [SLOTS[4]]},
        content_type=JSON,
    )
    assert response.status_code == 201
    item = Interpreter.objects.get()
    assert response.json() == {
        "id": item.pk,
        "name": "Mai",
        "language_a": "vi",
        "language_b": "zh",
        "unavailable": [SLOTS[4]],
        "meetings": 0,
    }
    assert AuditEntry.objects.filter(action="sanxin.event.interpreter.added").count() == 1


def test_create_errors_come_in_the_callers_language(world, symposium):
    response = client_for_role(world, "secretariat").post(
        _url(symposium.event),
        {"name": "Mai", "language_a": "vi", "language_b": "vi"},
        content_type=JSON,
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["language_b"]
    assert message != "An interpreter works between two languages."
    assert "两" in message


def test_patch_changes_only_what_is_sent(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai", unavailable=[SLOTS[0]])
    client = client_for_role(world, "secretariat")
    response = client.patch(
        _url(symposium.event, mai), {"unavailable": [SLOTS[2], SLOTS[1]]}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": mai.pk,
        "name": "Mai",
        "language_a": "vi",
        "language_b": "zh",
        "unavailable": [SLOTS[1], SLOTS[2]],
        "meetings": 0,
    }
    response = client.patch(
        _url(symposium.event, mai),
        {"name": "Nguyễn Thị Mai", "language_a": None},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["name"], response.json()["language_a"]) == (
        200,
        "Nguyễn Thị Mai",
        "vi",
    )
    response = client.patch(_url(symposium.event, mai), {"language_b": "xx"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"language_a": ["Choose two of the listed languages."]}


def test_patch_and_delete_answer_409_while_a_meeting_needs_them(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    _busy(symposium, mai)
    client = client_for_role(world, "secretariat")
    response = client.patch(
        _url(symposium.event, mai), {"unavailable": [SLOTS[1]]}, content_type=JSON
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], list(body["errors"])) == ("interpreter_busy", ["unavailable"])
    assert "2030-05-12 09:30" in body["message"]
    response = client.delete(_url(symposium.event, mai))
    assert response.status_code == 409
    assert response.json()["code"] == "interpreter_busy"
    assert list(response.json()["errors"]) == ["interpreter"]
    mai.refresh_from_db()
    assert mai.unavailable == []


def test_delete_removes_and_logs(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    response = client_for_role(world, "secretariat").delete(_url(symposium.event, mai))
    assert response.status_code == 204
    assert not Interpreter.objects.filter(pk=mai.pk).exists()
    assert AuditEntry.objects.filter(action="sanxin.event.interpreter.removed").count() == 1


def test_another_events_interpreter_is_not_found(world, symposium):
    other = InterpreterFactory(event=EventFactory(alliance=world.alliance))
    client = client_for_role(world, "secretariat")
    url = _url(symposium.event, other)
    assert client.patch(url, {"name": "X"}, content_type=JSON).status_code == 404
    response = client.delete(url)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert Interpreter.objects.filter(pk=other.pk).exists()


def test_the_schema_documents_the_answers(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    listing = paths["/api/events/{event_id}/interpreters"]
    one = paths["/api/events/{event_id}/interpreters/{interpreter_id}"]
    assert sorted(listing["get"]["responses"]) == ["200", "400", "401", "403", "404", "422"]
    assert sorted(listing["post"]["responses"]) == ["201", "400", "401", "403", "404", "422"]
    assert sorted(one["patch"]["responses"]) == ["200", "400", "401", "403", "404", "409", "422"]
    assert sorted(one["delete"]["responses"]) == ["204", "400", "401", "403", "404", "409", "422"]

    def schema(operation, status):
        return operation["responses"][status]["content"]["application/json"]["schema"]

    # Both 409s have the API's error shape: code, message, errors by field.
    assert schema(one["patch"], "409") == {"$ref": "#/components/schemas/Error"}
    assert schema(one["delete"], "409") == {"$ref": "#/components/schemas/InterpreterConflictOut"}
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(components["InterpreterConflictOut"]["properties"]) == set(
        components["Error"]["properties"]
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_runs_the_same_queries_for_1_and_3(
    world, symposium, count, django_assert_num_queries
):
    client = client_for_role(world, "secretariat")
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    _busy(symposium, mai)
    for i in range(count - 1):
        InterpreterFactory(event=symposium.event, name=f"Extra {i}", unavailable=SLOTS[:i])
    client.get(_url(symposium.event))  # warm the session and the viewer
    with django_assert_num_queries(QUERIES_API_LIST):
        response = client.get(_url(symposium.event))
    assert response.json()["count"] == count
    assert len(response.json()["items"]) == count


#: Session, person, the viewer (memberships, secretariat alliances), the event, the count and
#: the page of interpreters with their meeting counts.
QUERIES_API_LIST = 7
