"""Background tasks of insights (thin: they call the report runner).

``queue_report`` is what the views and the API call: it records the report and starts the
task once the transaction has committed. With a broker the task goes to a worker. Without one
Celery is eager and would generate the whole report inside the request, so the page could show
no progress: the task then runs in a background thread of the web process after the commit
(as the projects app's imports do), and the report page polls the row. Set
``SANXIN_REPORTS_IN_THREAD = False`` to run it in the request instead (the tests do).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from typing import Any

from django.conf import settings
from django.db import connections, transaction

from sanxin.config.celery import app
from sanxin.directory.models import Alliance
from sanxin.insights.domain.reports import request_report
from sanxin.insights.interfaces.report_runner import execute_report
from sanxin.insights.models import Report


@app.task(name="sanxin.insights.tasks.generate_report_task")
def generate_report_task(report_id: int) -> str:
    report = execute_report(report_id)
    return report.status if report is not None else "already claimed"


def _in_thread(report_id: int) -> None:
    try:
        execute_report(report_id)
    finally:
        connections.close_all()  # this thread's connections only


def _dispatch(report_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "SANXIN_REPORTS_IN_THREAD", True):
        threading.Thread(
            target=_in_thread, args=(report_id,), name=f"sanxin-report-{report_id}", daemon=True
        ).start()
    else:
        generate_report_task.delay(report_id)


def queue_report(
    *,
    actor: Any,
    alliance: Alliance,
    start: dt.date | None,
    end: dt.date | None,
    language: str,
    file_format: str,
) -> Report:
    """Record a report and start generating it after the commit."""
    with transaction.atomic():
        report = request_report(
            actor=actor,
            alliance=alliance,
            start=start,
            end=end,
            language=language,
            file_format=file_format,
        )
        transaction.on_commit(functools.partial(_dispatch, report.pk))
    return report
