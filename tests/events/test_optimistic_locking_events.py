"""Concurrent edits of an event never lose an update: a save based on an old version is refused
with who changed what meanwhile; the organiser's input is kept; saving again on purpose goes
through. Publishing and opening meeting requests touch other fields and never conflict."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sanxin.common.audit import history_for
from sanxin.common.concurrency import EditConflictError
from sanxin.events.domain.events import set_booking, set_event_status, update_event
from sanxin.events.enums import EventStatus
from sanxin.events.models import Event
from tests.conftest import client_for
from tests.events.factories import EventFactory

pytestmark = pytest.mark.integration

JSON = "application/json"


@pytest.fixture
def event(world):
    return EventFactory(
        alliance=world.alliance,
        title_en="Chengdu new-energy symposium",
        venue="Chengdu Century City",
        status=EventStatus.DRAFT,
        booking_open=False,
    )


@pytest.fixture
def organiser(world):
    """The secretariat organises its alliance's events; the platform admin may too."""
    return client_for(world, "secretariat")


def _loaded_form(client, url: str) -> dict:
    """What the browser would send back unchanged: every field of the edit form as loaded."""
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is not None and value is not False:
            data[field.name] = value
    return data


def changed_labels(html: str) -> list[str]:
    """The fields the conflict message names (PostgreSQL's jsonb keeps keys in its own order)."""
    return sorted(re.search(r"\(changed: ([^)]*)\)", html)[1].split(", "))


def test_the_second_save_from_an_old_version_is_refused_with_the_changes(world, event):
    update_event(actor=world.admin, event=event, data={"venue": "Tianfu hall"}, expected_version=1)
    with pytest.raises(EditConflictError) as caught:
        update_event(
            actor=world.secretariat, event=event, data={"capacity": 300}, expected_version=1
        )
    conflict = caught.value
    assert (conflict.expected, conflict.current, conflict.changed_fields()) == (1, 2, ["venue"])
    assert conflict.message().startswith("admin saved this at ")
    event.refresh_from_db()
    assert (event.venue, event.capacity, event.version) == ("Tianfu hall", None, 2)
    update_event(actor=world.secretariat, event=event, data={"capacity": 300}, expected_version=2)
    event.refresh_from_db()
    assert (event.venue, event.capacity, event.version) == ("Tianfu hall", 300, 3)
    assert [e.changes["new"] for e in history_for(event)] == [
        {"capacity": 300, "version": 3},
        {"venue": "Tianfu hall", "version": 2},
    ]


def test_a_save_that_changes_nothing_keeps_the_version(world, event):
    update_event(actor=world.secretariat, event=event, data={"venue": event.venue})
    event.refresh_from_db()
    assert event.version == 1
    assert not history_for(event).exists()


def test_the_form_keeps_the_input_and_names_the_changes_then_saves_on_purpose(
    world, event, organiser
):
    url = reverse("event_edit", args=[event.pk])
    loaded = _loaded_form(organiser, url)
    assert 'name="version" value="1"' in organiser.get(url).content.decode()
    update_event(actor=world.admin, event=event, data={"venue": "Tianfu hall", "capacity": 250})
    mine = {**loaded, "title_en": "Chengdu symposium 2030", "slot_minutes": "20"}
    response = organiser.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("admin saved this at ")
    assert changed_labels(html) == ["capacity", "venue"]
    assert 'value="Chengdu symposium 2030"' in html  # what the organiser typed is still there
    assert 'name="slot_minutes" value="20"' in html
    assert 'name="version" value="2"' in html  # a second save is a deliberate override
    event.refresh_from_db()
    assert (event.title_en, event.slot_minutes, event.venue, event.version) == (
        "Chengdu new-energy symposium",
        30,
        "Tianfu hall",
        2,
    )
    again = organiser.post(url, {**mine, "version": "2"})
    assert again.status_code == 302
    event.refresh_from_db()
    # The override saves the whole form as the organiser sees it.
    assert (event.title_en, event.slot_minutes, event.venue, event.capacity, event.version) == (
        "Chengdu symposium 2030",
        20,
        "Chengdu Century City",
        None,
        3,
    )


def test_the_form_conflict_is_in_the_users_language(world, event, organiser):
    url = reverse("event_edit", args=[event.pk])
    loaded = _loaded_form(organiser, url)
    update_event(actor=world.admin, event=event, data={"venue": "Tianfu hall"})
    response = organiser.post(url.replace("/en/", "/vi/", 1), {**loaded, "venue": "Hanoi"})
    message = response.context["form"].non_field_errors()[0]
    assert message.startswith("admin đã lưu")
    assert "địa điểm" in message
    assert Event.objects.get(pk=event.pk).venue == "Tianfu hall"


def test_publishing_and_opening_requests_never_conflict_with_an_edit(world, event, organiser):
    url = reverse("event_edit", args=[event.pk])
    loaded = _loaded_form(organiser, url)
    set_event_status(actor=world.admin, event=event, status=EventStatus.PUBLISHED)
    set_booking(actor=world.admin, event=event, open_=True)
    response = organiser.post(url, {**loaded, "venue": "Tianfu hall"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.booking_open, event.venue, event.version) == (
        EventStatus.PUBLISHED,
        True,
        "Tianfu hall",
        2,
    )


def test_the_api_answers_409_with_the_changes(world, event):
    client = client_for(world, "secretariat")
    url = f"/api/events/{event.pk}"
    assert client.get(url).json()["version"] == 1
    update_event(actor=world.admin, event=event, data={"venue": "Tianfu hall"})
    refused = client.patch(url, {"capacity": 300, "version": 1}, content_type=JSON)
    assert refused.status_code == 409
    answer = refused.json()
    assert (answer["code"], answer["current_version"]) == ("conflict", 2)
    assert [(c["by"], c["fields"]) for c in answer["changes"]] == [("admin", ["venue"])]
    assert answer["message"].startswith("admin saved this at ")
    event.refresh_from_db()
    assert (event.capacity, event.version) == (None, 2)
    ok = client.patch(url, {"capacity": 300, "version": 2}, content_type=JSON)
    assert (ok.status_code, ok.json()["version"], ok.json()["capacity"]) == (200, 3, 300)
    ok = client.patch(url, {"capacity": 320}, content_type=JSON)  # no version: last write wins
    assert (ok.status_code, ok.json()["version"]) == (200, 4)


def test_creating_an_event_takes_no_version(world):
    client = client_for(world, "secretariat")
    response = client.post(
        "/api/events",
        {
            "alliance": world.alliance.slug,
            "title_en": "Hanoi forum",
            "start_date": "2030-06-01",
            "end_date": "2030-06-02",
            "version": 7,
        },
        content_type=JSON,
    )
    assert (response.status_code, response.json()["version"]) == (201, 1)
