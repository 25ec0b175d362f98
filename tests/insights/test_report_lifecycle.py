"""A report's lifecycle: queued, claimed once, progress, done or failed, and the thread path."""

from __future__ import annotations

import threading

import pytest

from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership
from sanxin.insights.domain.reports import request_report
from sanxin.insights.interfaces.report_runner import execute_report
from sanxin.insights.models import Report
from sanxin.insights.tasks import generate_report_task, queue_report
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def _request(world, person, file_format="pdf"):
    return request_report(
        actor=person,
        alliance=world.alliance,
        start=None,
        end=None,
        language="zh-hans",
        file_format=file_format,
    )


def test_the_task_runs_a_report_once(world, pipeline):
    report = _request(world, world.member)
    assert (report.status, report.progress) == ("queued", 0)
    assert generate_report_task.delay(report.pk).get() == "done"
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == ("done", 100, "")
    assert report.size == len(report.file.read()) > 1000
    assert report.file.name.startswith(f"reports/{world.alliance.pk}/")
    assert generate_report_task.delay(report.pk).get() == "already claimed"


def test_a_requester_who_left_the_alliance_gets_no_report(world, pipeline):
    report = _request(world, world.member)
    Membership.objects.filter(organization=world.member_org).update(status=MembershipStatus.LEFT)
    from sanxin.directory.domain.access import forget_viewer

    forget_viewer(world.member)
    execute_report(report.pk)
    report.refresh_from_db()
    assert (report.status, report.error, bool(report.file)) == ("failed", "no_permission", False)


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_report_runs_in_a_thread(world, settings):
    """Eager Celery would generate it inside the request: a background thread does instead."""
    settings.SANXIN_REPORTS_IN_THREAD = True
    ProjectFactory(owner=world.member_org, alliance=world.alliance)
    report = queue_report(
        actor=world.secretariat,
        alliance=world.alliance,
        start=None,
        end=None,
        language="vi",
        file_format="xlsx",
    )
    workers = [t for t in threading.enumerate() if t.name == f"sanxin-report-{report.pk}"]
    assert len(workers) == 1
    workers[0].join(timeout=60)
    report.refresh_from_db()
    assert (report.status, report.progress) == ("done", 100)
    assert Report.objects.count() == 1


def test_one_report_at_a_time_per_person(world, pipeline):
    from django.core.exceptions import ValidationError

    _request(world, world.member)
    with pytest.raises(ValidationError) as exc:
        _request(world, world.member)
    assert exc.value.messages == [
        "A report you asked for is still being generated; ask for the next one when it is ready."
    ]
    assert Report.objects.count() == 1
    _request(world, world.partner)  # someone else may
    assert Report.objects.count() == 2


def test_a_stalled_report_stops_polling(world, pipeline):
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from tests.conftest import client_for

    report = _request(world, world.member)
    Report.objects.filter(pk=report.pk).update(
        status="running", started=timezone.now() - dt.timedelta(hours=1)
    )
    page = client_for(world, "member").get(reverse("report_detail", args=[report.pk]))
    html = page.content.decode()
    assert "hx-get" not in html
    assert "the process generating it has probably" in html
