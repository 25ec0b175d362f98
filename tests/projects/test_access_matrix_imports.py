"""Who may import real data and see import runs: every page and endpoint, as every role.

Only platform admins and alliance secretariats import; a secretariat sees the runs of its own
alliances (another alliance's secretariat gets 404 for them). The pages are listed in
``tests/directory/test_access_matrix.py`` as tested here.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxin.directory.enums import PersonRole
from sanxin.projects.api_imports import router
from sanxin.projects.models import ImportRun
from tests.conftest import ROLES
from tests.factories import PersonFactory
from tests.projects.factories import ImportRunFactory
from tests.projects.gem_files import gem_workbook, unit

pytestmark = pytest.mark.integration

ALL_ROLES = (*ROLES, "guest", "other_secretariat")
LOGIN, OK, DONE, CREATED, FORBIDDEN, HIDDEN, UNAUTH = "login", 200, 302, 201, 403, 404, 401

IMPORTERS_ONLY = {
    "anonymous": LOGIN,
    "other_alliance": FORBIDDEN,
    "member": FORBIDDEN,
    "partner": FORBIDDEN,
    "org_admin": FORBIDDEN,
    "secretariat": OK,
    "admin": OK,
    "guest": FORBIDDEN,
    "other_secretariat": OK,
}
#: A run into the world's alliance: another alliance's secretariat may not see it.
THE_RUN = {**IMPORTERS_ONLY, "other_secretariat": HIDDEN}


@pytest.fixture(autouse=True)
def _inline_imports(settings):
    settings.SANXIN_IMPORTS_IN_THREAD = False


def _client(world, role):
    from django.test import Client

    client = Client()
    if role == "other_secretariat":
        person = PersonFactory(
            username="othersec",
            organization=world.other_alliance.secretariat,
            role=PersonRole.SECRETARIAT,
        )
    elif role == "guest":
        person = world.guest
    else:
        person = world.person(role)
    if person is not None:
        client.force_login(person)
    return client


def _file(tmp_path):
    path = gem_workbook(tmp_path / "Global-Coal-Plant-Tracker.xlsx", [unit("G1", "L1", "A")])
    return SimpleUploadedFile(path.name, path.read_bytes())


def _check(response, expected, role, what):
    if expected == LOGIN:
        assert response.status_code == 302, (what, role)
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, (what, role, response.content[:300])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_import_pages(world, role, tmp_path, django_capture_on_commit_callbacks):
    run = ImportRunFactory(alliance=world.alliance)
    client = _client(world, role)
    _check(client.get(reverse("project_import")), IMPORTERS_ONLY[role], role, "page")
    _check(client.get(reverse("project_import_run", args=[run.pk])), THE_RUN[role], role, "run")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("project_import"), {"source": "gem", "file": _file(tmp_path)}
        )
    expected = {OK: DONE}.get(IMPORTERS_ONLY[role], IMPORTERS_ONLY[role])
    _check(response, expected, role, "upload")
    if expected == DONE:
        started = ImportRun.objects.exclude(pk=run.pk).get()
        assert response["Location"] == reverse("project_import_run", args=[started.pk])
        assert started.status == "done"
    else:
        assert ImportRun.objects.count() == 1


API = {
    "anonymous": UNAUTH,
    "other_alliance": FORBIDDEN,
    "member": FORBIDDEN,
    "partner": FORBIDDEN,
    "org_admin": FORBIDDEN,
    "secretariat": OK,
    "admin": OK,
    "guest": FORBIDDEN,
    "other_secretariat": OK,
}
CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}


def test_every_import_endpoint_is_in_the_matrix():
    routes = {
        (method, path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert routes == {("GET", "/imports"), ("GET", "/imports/{run_id}"), ("POST", "/imports")}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_import_api(world, role, tmp_path, django_capture_on_commit_callbacks):
    run = ImportRunFactory(alliance=world.alliance)
    client = _client(world, role)
    expected = API[role]

    response = client.get("/api/imports")
    assert response.status_code == expected, (role, response.content[:300])
    if expected == OK:
        ids = [r["id"] for r in response.json()["items"]]
        assert ids == ([] if role == "other_secretariat" else [run.pk])
    else:
        assert response.json()["code"] == CODES[expected]

    response = client.get(f"/api/imports/{run.pk}")
    detail = {**API, "other_secretariat": HIDDEN}[role]
    assert response.status_code == detail, role
    if detail != OK:
        assert response.json()["code"] == CODES[detail]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/imports", {"source": "gem", "file": _file(tmp_path)})
    created = {OK: CREATED}.get(expected, expected)
    assert response.status_code == created, (role, response.content[:300])
    if created == CREATED:
        assert response.json()["status"] == "queued"
        started = ImportRun.objects.exclude(pk=run.pk).get()
        assert (started.status, started.projects_created) == ("done", 1)
    else:
        assert response.json()["code"] == CODES[created]
        assert ImportRun.objects.count() == 1
