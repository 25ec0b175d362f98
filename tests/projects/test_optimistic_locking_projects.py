"""Concurrent edits of a project never lose an update: a save based on an old version is refused
with who changed what meanwhile; the user's input is kept; saving again on purpose goes through.
Stage moves (the board) touch other fields: they neither conflict with an edit nor get
overwritten by one."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from sanxin.common.audit import history_for
from sanxin.common.concurrency import EditConflictError
from sanxin.projects.domain.projects import update_project
from sanxin.projects.domain.stages import set_project_stage
from sanxin.projects.enums import Stage
from sanxin.projects.models import Project
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration

JSON = "application/json"


@pytest.fixture
def project(world):
    return ProjectFactory(
        title_en="Liangshan wind farm",
        city="Xichang",
        owner=world.member_org,
        stage=Stage.IDEA,
        stage_since=dt.date(2020, 1, 1),
    )


def _loaded_form(client, url: str) -> dict:
    """What the browser would send back unchanged: every field of the edit form as loaded."""
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is not None:
            data[field.name] = value
    return data


def changed_labels(html: str) -> list[str]:
    """The fields the conflict message names (PostgreSQL's jsonb keeps keys in its own order)."""
    return sorted(re.search(r"\(changed: (.*?)\)\. ", html)[1].split(", "))


def test_the_second_save_from_an_old_version_is_refused_with_the_changes(world, project):
    loaded = project.version
    update_project(
        actor=world.secretariat, project=project, data={"city": "Dechang"}, expected_version=loaded
    )
    with pytest.raises(EditConflictError) as caught:
        update_project(
            actor=world.org_admin,
            project=project,
            data={"origin": "Chengdu symposium"},
            expected_version=loaded,
        )
    conflict = caught.value
    assert (conflict.expected, conflict.current) == (1, 2)
    assert conflict.changed_fields() == ["city or county"]
    assert conflict.message().startswith("secretariat saved this at ")
    project.refresh_from_db()
    assert (project.city, project.origin, project.version) == ("Dechang", "", 2)
    assert [e.action for e in history_for(project)] == ["sanxin.project.changed"]
    # Knowing the current version, the second editor saves on purpose.
    update_project(
        actor=world.org_admin,
        project=project,
        data={"origin": "Chengdu symposium"},
        expected_version=2,
    )
    project.refresh_from_db()
    assert (project.city, project.origin, project.version) == ("Dechang", "Chengdu symposium", 3)
    entry = history_for(project).first()
    assert entry.changes == {
        "old": {"origin": "", "version": 2},
        "new": {"origin": "Chengdu symposium", "version": 3},
    }


def test_a_save_that_changes_nothing_keeps_the_version(world, project):
    update_project(actor=world.org_admin, project=project, data={"city": "Xichang"})
    project.refresh_from_db()
    assert project.version == 1
    assert not history_for(project).exists()


def test_an_edit_and_a_board_move_both_survive_in_either_order(world, project):
    """The stage has its own check (the transition from the current stage, under the same row
    lock); an edit started before a board move saves without a conflict and keeps the move."""
    client = client_for(world, "org_admin")
    url = reverse("project_edit", args=[project.pk])
    loaded = _loaded_form(client, url)
    assert loaded["version"] == 1
    set_project_stage(actor=world.secretariat, project=project, stage=Stage.PROPOSED)
    response = client.post(url, {**loaded, "city": "Dechang"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.city, project.version) == (Stage.PROPOSED, "Dechang", 2)
    # A board move after the edit keeps the edit.
    set_project_stage(actor=world.secretariat, project=project, stage=Stage.AGREEMENT)
    project.refresh_from_db()
    assert (project.stage, project.city, project.version) == (Stage.AGREEMENT, "Dechang", 2)
    # A move from a stale board is refused by the transition check, not applied twice.
    with pytest.raises(ValidationError) as refused:
        set_project_stage(actor=world.org_admin, project=project, stage=Stage.AGREEMENT)
    assert refused.value.message_dict == {"stage": ["The project is already “Agreement signed”."]}


def test_the_form_keeps_the_input_and_names_the_changes_then_saves_on_purpose(world, project):
    client = client_for(world, "org_admin")
    url = reverse("project_edit", args=[project.pk])
    loaded = _loaded_form(client, url)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    update_project(
        actor=world.secretariat,
        project=project,
        data={"title_en": "Liangshan wind farm II", "city": "Dechang"},
    )
    mine = {**loaded, "title_en": "Liangshan onshore wind", "origin": "Chengdu symposium"}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("secretariat saved this at ")
    assert changed_labels(html) == ["city or county", "title (English)"]
    assert 'value="Liangshan onshore wind"' in html  # what the user typed is still there
    assert 'value="Chengdu symposium"' in html
    assert 'name="version" value="2"' in html  # a second save is a deliberate override
    project.refresh_from_db()
    assert (project.title_en, project.origin, project.version) == (
        "Liangshan wind farm II",
        "",
        2,
    )
    again = client.post(url, {**mine, "version": "2"})
    assert again.status_code == 302
    project.refresh_from_db()
    # The override saves the whole form as the user sees it, the city they left included.
    assert (project.title_en, project.origin, project.city, project.version) == (
        "Liangshan onshore wind",
        "Chengdu symposium",
        "Xichang",
        3,
    )


def test_the_form_conflict_is_in_the_users_language(world, project):
    client = client_for(world, "org_admin")
    url = reverse("project_edit", args=[project.pk])
    loaded = _loaded_form(client, url)
    update_project(actor=world.secretariat, project=project, data={"city": "Dechang"})
    response = client.post(url.replace("/en/", "/zh-hans/", 1), {**loaded, "city": "Yanyuan"})
    message = response.context["form"].non_field_errors()[0]
    assert message.startswith("在您编辑期间，secretariat 于 ")
    assert "（修改了：市/县）" in message


def test_the_api_answers_409_with_the_changes(world, project):
    client = client_for(world, "org_admin")
    url = f"/api/projects/{project.pk}"
    assert client.get(url).json()["version"] == 1
    update_project(actor=world.secretariat, project=project, data={"city": "Dechang"})
    refused = client.patch(url, {"origin": "Hanoi forum", "version": 1}, content_type=JSON)
    assert refused.status_code == 409
    answer = refused.json()
    assert (answer["code"], answer["current_version"]) == ("conflict", 2)
    assert [(c["by"], c["fields"]) for c in answer["changes"]] == [("secretariat", ["city"])]
    assert "secretariat saved this at" in answer["message"]
    project.refresh_from_db()
    assert (project.origin, project.version) == ("", 2)
    # With the current version, or without one (last write wins), the change goes through.
    ok = client.patch(url, {"origin": "Hanoi forum", "version": 2}, content_type=JSON)
    assert (ok.status_code, ok.json()["version"], ok.json()["origin"]) == (200, 3, "Hanoi forum")
    ok = client.patch(url, {"origin": "Hanoi"}, content_type=JSON)
    assert (ok.status_code, ok.json()["version"]) == (200, 4)


def test_the_api_refuses_an_unreadable_version_as_bad_input(world, project):
    client = client_for(world, "org_admin")
    response = client.patch(
        f"/api/projects/{project.pk}", {"origin": "x", "version": "one"}, content_type=JSON
    )
    assert (response.status_code, list(response.json()["errors"])) == (422, ["version"])
    project.refresh_from_db()
    assert (project.origin, project.version) == ("", 1)


@pytest.mark.django_db(transaction=True)
def test_two_users_edit_the_same_project_at_once_on_postgresql(world):
    """Both loaded version 1 and save at the same moment: the row lock serialises the saves, so
    one is saved and the other is told what changed; nothing is overwritten silently.

    Transactional (the two threads' connections must see committed rows), like the directory's
    race test. pytest-django runs transactional tests after all the others, so the flush at its
    end (which also empties the migrated reference data) reaches only the transactional tests
    after it, which need none. Not ``serialized_rollback``: after an earlier transactional test
    without it, whose flush re-creates the content types, restoring the serialized copy fails
    with a duplicate content type on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need a second connection to the same database: PostgreSQL only")
    project = ProjectFactory(owner=world.member_org, city="Xichang")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name: str, actor, city: str) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait(timeout=30)
            loaded = Project.objects.get(pk=project.pk)
            update_project(actor=actor, project=loaded, data={"city": city}, expected_version=1)
            outcomes[name] = "saved"
        except EditConflictError as conflict:
            outcomes[name] = f"conflict {conflict.current} {conflict.changed_fields()}"
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=edit, args=("org_admin", world.org_admin, "Dechang")),
        threading.Thread(target=edit, args=("secretariat", world.secretariat, "Yanyuan")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict 2 ['city or county']", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    project.refresh_from_db()
    assert (project.version, project.city) == (
        2,
        {"org_admin": "Dechang", "secretariat": "Yanyuan"}[winner],
    )
    assert [(e.actor_label, e.changes["new"]) for e in history_for(project)] == [
        (
            {"org_admin": "orgadmin", "secretariat": "secretariat"}[winner],
            {"city": project.city, "version": 2},
        )
    ]
