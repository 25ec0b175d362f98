"""Concurrent edits never lose an update: a save based on an old version is refused with what
changed meanwhile; the user's input is kept; saving again on purpose then goes through."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from sanxin.common.concurrency import EditConflictError
from sanxin.directory.domain.organizations import update_organization
from sanxin.directory.models import Organization
from tests.conftest import client_for
from tests.directory.test_org_edit_view import _form_data

pytestmark = pytest.mark.integration


def test_the_second_save_from_an_old_version_is_refused_with_the_changes(world):
    org = world.member_org
    loaded = org.version
    update_organization(
        actor=world.secretariat,
        organization=org,
        data={"website": "https://a.example"},
        expected_version=loaded,
    )
    with pytest.raises(EditConflictError) as caught:
        update_organization(
            actor=world.org_admin,
            organization=org,
            data={"phone": "+86 28 1234"},
            expected_version=loaded,
        )
    conflict = caught.value
    assert (conflict.expected, conflict.current) == (loaded, loaded + 1)
    assert conflict.changed_fields() == ["website"]
    assert "secretariat saved this at" in conflict.message()
    org.refresh_from_db()
    assert (org.phone, org.website, org.version) == ("", "https://a.example", loaded + 1)
    # Knowing the current version, the second editor saves on purpose.
    update_organization(
        actor=world.org_admin,
        organization=org,
        data={"phone": "+86 28 1234"},
        expected_version=loaded + 1,
    )
    org.refresh_from_db()
    assert (org.phone, org.version) == ("+86 28 1234", loaded + 2)


def test_a_save_that_changes_nothing_keeps_the_version(world):
    org = world.member_org
    update_organization(actor=world.org_admin, organization=org, data={}, expected_version=1)
    org.refresh_from_db()
    assert org.version == 1


def test_the_form_keeps_the_input_and_explains_then_saves_on_the_second_try(client, world):
    org = world.member_org
    client.force_login(world.org_admin)
    url = reverse("org_edit", args=[org.slug])
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page
    update_organization(
        actor=world.secretariat, organization=org, data={"name_en": "Renamed by the secretariat"}
    )
    stale = _form_data(org, name_en="My new name", phone="+86 28 5555", version="1")
    response = client.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "while you were editing" in html
    assert "name (English)" in html
    assert 'value="My new name"' in html  # what the user typed is still there
    assert 'name="version" value="2"' in html
    assert Organization.objects.get(pk=org.pk).name_en == "Renamed by the secretariat"
    again = client.post(url, {**stale, "version": "2"})
    assert again.status_code == 302
    assert Organization.objects.get(pk=org.pk).name_en == "My new name"


def test_the_api_answers_409_with_the_changes(world):
    client = client_for(world, "org_admin")
    url = f"/api/organizations/{world.member_org.slug}"
    body = client.get(url).json()
    assert body["version"] == 1
    update_organization(
        actor=world.secretariat, organization=world.member_org, data={"phone": "+84 24 1"}
    )
    refused = client.patch(
        url, {"website": "https://b.example", "version": 1}, content_type="application/json"
    )
    assert refused.status_code == 409
    answer = refused.json()
    assert (answer["code"], answer["current_version"]) == ("conflict", 2)
    assert [c["fields"] for c in answer["changes"]] == [["phone"]]
    assert answer["changes"][0]["by"] == "secretariat"
    # Without a version the client chooses last-write-wins.
    ok = client.patch(url, {"website": "https://b.example"}, content_type="application/json")
    assert (ok.status_code, ok.json()["version"]) == (200, 3)


@pytest.mark.django_db(transaction=True)
def test_two_editors_at_the_same_moment_on_postgresql(world):
    """Both read version 1 and save at once: one wins, the other is told; nothing is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (CI runs the suite there too)")
    org_pk, start = world.member_org.pk, threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name: str, actor, phone: str) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            org = Organization.objects.get(pk=org_pk)
            update_organization(
                actor=actor, organization=org, data={"phone": phone}, expected_version=1
            )
            outcomes[name] = "saved"
        except EditConflictError:
            outcomes[name] = "conflict"
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=edit, args=("a", world.org_admin, "+86 1")),
        threading.Thread(target=edit, args=("b", world.secretariat, "+86 2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(k for k, v in outcomes.items() if v == "saved")
    org = Organization.objects.get(pk=org_pk)
    assert (org.version, org.phone) == (2, {"a": "+86 1", "b": "+86 2"}[winner])
