"""The import pages and API: upload, progress while it runs, results, history, credits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanxin.projects.models import ImportRun, Project
from tests.conftest import client_for
from tests.projects.factories import ImportRunFactory, ProjectFactory
from tests.projects.gem_files import CITATION, gem_workbook, gppd_csv, unit

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _inline_imports(settings):
    """Run imports in the request's thread once it commits (the server uses a thread)."""
    settings.SANXIN_IMPORTS_IN_THREAD = False


def _upload(tmp_path, rows=None, name="Global-Coal-Plant-Tracker-January-2099.xlsx"):
    rows = rows or [
        unit("G1", "L1", "Jinsha power station", Owner="Huadian Sichuan Power CO LTD"),
        unit("G2", "L2", "Broken station", Status="proposed"),
    ]
    path = gem_workbook(tmp_path / name, rows)
    return SimpleUploadedFile(path.name, path.read_bytes())


def _post(client, data, capture):
    with capture(execute=True):
        return client.post(reverse("project_import"), data)


def test_upload_runs_and_shows_the_results(world, tmp_path, django_capture_on_commit_callbacks):
    client = client_for(world, "secretariat")
    response = _post(
        client, {"source": "gem", "file": _upload(tmp_path)}, django_capture_on_commit_callbacks
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("project_import_run", args=[run.pk])
    assert (run.alliance, run.started_by, run.status) == (world.alliance, world.secretariat, "done")
    assert (run.projects_created, run.rows_skipped, run.stored_name) == (1, 1, "")
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-created">1<' in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert "“proposed” is not a status of the tracker (announced … retired)." in page
    assert CITATION in page
    project = Project.objects.get()
    assert (project.alliance, project.created_by) == (world.alliance, world.secretariat)


def test_skipped_reasons_are_shown_in_the_viewers_language(world):
    run = ImportRunFactory(alliance=world.alliance)
    client = client_for(world, "secretariat")
    page = client.get(f"/zh-hans/projects/imports/{run.pk}/").content.decode()
    assert "“x”不是该追踪数据的状态" in page


def test_a_running_import_polls_its_progress(world):
    run = ImportRunFactory(
        alliance=world.alliance, status="running", rows_total=200, rows_done=50, skipped=[]
    )
    client = client_for(world, "secretariat")
    url = reverse("project_import_run", args=[run.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    assert '<progress max="100" value="25">' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="import-progress"')
    assert "<html" not in fragment


def test_a_stalled_import_stops_polling_and_says_so(world):
    run = ImportRunFactory(alliance=world.alliance, status="running", skipped=[])
    ImportRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now() - dt.timedelta(hours=2))
    page = client_for(world, "secretariat").get(reverse("project_import_run", args=[run.pk]))
    text = page.content.decode()
    assert "hx-trigger" not in text
    assert "This import has made no progress for a long time" in text


def test_a_file_of_the_wrong_kind_is_refused_with_a_reason(
    world, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(world, "secretariat")
    csv = gppd_csv(tmp_path / "plants.csv", [{"country": "CHN", "name": "A", "gppd_idnr": "W1"}])
    upload = SimpleUploadedFile("plants.csv", csv.read_bytes())
    response = _post(client, {"source": "gem", "file": upload}, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Upload the Global Energy Monitor file as published (.xlsx)."]
    }
    members = tmp_path / "members.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["name_en"])
    book.save(members)
    upload = SimpleUploadedFile("members.xlsx", members.read_bytes())
    response = _post(client, {"source": "gem", "file": upload}, django_capture_on_commit_callbacks)
    assert (
        response.context["form"]
        .errors["file"][0]
        .startswith("This workbook has no Global Energy Monitor data sheet")
    )
    assert not ImportRun.objects.exists()


def test_a_secretariat_imports_only_into_its_alliance(
    world, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(world, "secretariat")
    form = client.get(reverse("project_import")).context["form"]
    assert list(form.fields["alliance"].queryset) == [world.alliance]
    response = _post(
        client,
        {"source": "gem", "file": _upload(tmp_path), "alliance": world.other_alliance.pk},
        django_capture_on_commit_callbacks,
    )
    assert "alliance" in response.context["form"].errors
    assert not ImportRun.objects.exists()


def test_one_import_at_a_time(world, tmp_path, django_capture_on_commit_callbacks):
    ImportRunFactory(status="running", file_name="coal.xlsx")
    client = client_for(world, "admin")
    response = _post(
        client, {"source": "gem", "file": _upload(tmp_path)}, django_capture_on_commit_callbacks
    )
    assert response.context["form"].errors == {
        "file": [
            "Another import (coal.xlsx) is still running; start this one when it has finished."
        ]
    }


def test_the_gppd_csv_is_imported(world, tmp_path, django_capture_on_commit_callbacks):
    csv = gppd_csv(
        tmp_path / "gppd.csv",
        [
            {
                "country": "VNM",
                "name": "Ialy",
                "gppd_idnr": "WRI1",
                "capacity_mw": "720",
                "primary_fuel": "Hydro",
                "owner": "Electricity of Vietnam",
                "latitude": "14.2",
                "longitude": "107.8",
            },
            {
                "country": "CHN",
                "name": "",
                "gppd_idnr": "WRI2",
                "capacity_mw": "5",
                "primary_fuel": "Solar",
            },
            {
                "country": "USA",
                "name": "Hoover",
                "gppd_idnr": "USA1",
                "capacity_mw": "2000",
                "primary_fuel": "Hydro",
            },
        ],
    )
    upload = SimpleUploadedFile("gppd_v130_CHN_VNM.csv", csv.read_bytes())
    client = client_for(world, "admin")
    _post(client, {"source": "gppd", "file": upload}, django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert (run.status, run.rows_total, run.rows_other, run.projects_created) == (
        "done",
        2,
        1,
        1,
    )
    assert run.skipped == [{"row": 3, "sheet": "", "code": "no_name", "params": {}}]
    ialy = Project.objects.get()
    assert (ialy.project_type, ialy.country, ialy.stage, ialy.alliance) == (
        "hydro",
        "VN",
        "in_operation",
        None,
    )
    assert ialy.owner.name_en == "Electricity of Vietnam"
    assert ialy.external_ids == {"gppd": "WRI1"}


def test_history_is_newest_first_with_constant_queries(world, django_assert_num_queries):
    client = client_for(world, "secretariat")
    url = reverse("project_import")
    ImportRunFactory(alliance=world.alliance)
    response = client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    runs = [ImportRunFactory(alliance=world.alliance, started_by=world.admin) for _ in range(2)]
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    shown = [r.pk for r in response.context["page"]]
    assert shown == [runs[1].pk, runs[0].pk, shown[-1]]


def test_lists_and_pages_credit_the_open_data(world):
    imported = ProjectFactory(
        title_en="Imported plant",
        owner=world.public_org,
        confidentiality="public",
        source="gem",
        source_dataset=CITATION,
    )
    ProjectFactory(title_en="Manual project", owner=world.public_org, confidentiality="public")
    client = client_for(world, "anonymous")
    credit = f'<span lang="en">{CITATION}</span>'
    for name in ("project_list", "project_board"):
        page = client.get(reverse(name)).content.decode()
        assert credit in page, name
        assert "https://creativecommons.org/licenses/by/4.0/" in page
    detail = client.get(reverse("project_detail", args=[imported.pk])).content.decode()
    assert 'id="source-credit"' in detail and CITATION in detail
    Project.objects.filter(pk=imported.pk).delete()
    page = client.get(reverse("project_list")).content.decode()
    assert "come from open data" not in page


def test_the_project_api_carries_the_attribution(world):
    imported = ProjectFactory(
        owner=world.public_org, confidentiality="public", source="gem", source_dataset=CITATION
    )
    manual = ProjectFactory(owner=world.public_org, confidentiality="public")
    client = client_for(world, "anonymous")
    items = {p["id"]: p for p in client.get("/api/projects").json()["items"]}
    assert items[imported.pk]["source_dataset"] == CITATION
    assert items[imported.pk]["attribution"] == (
        f"{CITATION}. CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    )
    assert items[manual.pk]["attribution"] is None
    detail = client.get(f"/api/projects/{imported.pk}").json()
    assert detail["attribution"] == items[imported.pk]["attribution"]


def test_api_list_of_runs_has_constant_queries(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world, "secretariat")
    ImportRunFactory(alliance=world.alliance)
    client.get("/api/imports")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/imports").json()["items"]) == 1
    ImportRunFactory.create_batch(2, alliance=world.alliance)
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get("/api/imports").json()
    assert body["count"] == 3
    assert ["skipped" in item for item in body["items"]] == [False] * 3  # only in the detail


def test_api_run_detail_gives_reasons_and_credit(world):
    run = ImportRunFactory(alliance=world.alliance)
    client = client_for(world, "secretariat")
    body = client.get(f"/api/imports/{run.pk}").json()
    assert body["skipped"] == [
        {
            "row": 4,
            "sheet": "Units",
            "code": "bad_status",
            "message": "“x” is not a status of the tracker (announced … retired).",
        }
    ]
    assert body["attribution"] == (
        f"{run.dataset}. CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    )
    assert (body["status"], body["percent"], body["alliance"]["slug"]) == ("done", 100, "three-new")


def test_api_refuses_a_bad_source_or_alliance(world, tmp_path):
    client = client_for(world, "secretariat")
    response = client.post("/api/imports", {"source": "osm", "file": _upload(tmp_path)})
    assert response.status_code == 422
    assert response.json()["errors"] == {"source": ["Choose Global Energy Monitor or WRI GPPD."]}
    response = client.post(
        "/api/imports", {"source": "gem", "alliance": "other", "file": _upload(tmp_path)}
    )
    assert response.json()["errors"] == {
        "alliance": ["You may import only into an alliance whose secretariat you are."]
    }
    assert not ImportRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_upload_returns_and_a_thread_imports(world, tmp_path, settings):
    """Eager Celery would import inside the request: a background thread does it instead."""
    import threading

    settings.SANXIN_IMPORTS_IN_THREAD = True
    client = client_for(world, "secretariat")
    response = client.post(reverse("project_import"), {"source": "gem", "file": _upload(tmp_path)})
    # Wait for the import thread before reading: on SQLite's shared in-memory test database a
    # read while the thread writes fails with "database table is locked".
    workers = [t for t in threading.enumerate() if t.name.startswith("sanxin-import-")]
    for worker in workers:  # none left if it already finished
        worker.join(timeout=60)
    run = ImportRun.objects.get()
    assert [w.name for w in workers] in ([], [f"sanxin-import-{run.pk}"])
    assert response["Location"] == reverse("project_import_run", args=[run.pk])
    assert (run.status, run.projects_created) == ("done", 1)
    assert Project.objects.get().title_en == "Jinsha power station"


@pytest.mark.parametrize(
    ("language", "heading", "credit"),
    [
        ("en", "Import real project data", "Where the data comes from"),
        ("zh-hans", "导入真实项目数据", "数据来源说明"),
        ("vi", "Nhập dữ liệu dự án thực tế", "Nguồn gốc dữ liệu"),
    ],
)
def test_the_import_page_in_three_languages(world, language, heading, credit):
    ImportRunFactory(alliance=world.alliance)
    page = client_for(world, "secretariat").get(f"/{language}/projects/imports/")
    text = page.content.decode()
    assert f"<h1>{heading}</h1>" in text
    assert credit in text
    assert "Global Energy Monitor, Global Coal Plant Tracker, January 2025 release." in text


def test_the_owner_filter_offers_members_not_every_imported_owner(world, tmp_path):
    from sanxin.projects.interfaces.import_runner import import_file
    from tests.projects.gem_files import gem_workbook as book

    import_file(
        book(tmp_path / "coal.xlsx", [unit("G1", "L1", "Jinsha", Owner="Huadian Sichuan Power")]),
        source="gem",
    )
    ProjectFactory(owner=world.member_org)
    client = client_for(world, "secretariat")
    owners = [o.slug for o in client.get(reverse("project_list")).context["owners"]]
    assert owners == ["member-org"]
    imported = Project.objects.get(title_en="Jinsha").owner
    response = client.get(reverse("project_list"), {"owner": imported.slug})
    assert [o.slug for o in response.context["owners"]] == [imported.slug, "member-org"]
    assert [p.title_en for p in response.context["page"]] == ["Jinsha"]
