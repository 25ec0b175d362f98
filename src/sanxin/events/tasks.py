"""Background tasks of the events app (thin: they call domain functions).

The tasks use the project's Celery app, so they run in-process (eager) when no broker is
configured. ``queue_schedule`` is what the views and the API call: it records the run and
starts the task once the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxin.config.celery import app
from sanxin.events.domain.requests import expire_requests
from sanxin.events.domain.scheduling import request_schedule, run_schedule
from sanxin.events.models import Event, ScheduleRun


@app.task
def run_schedule_task(run_id: int) -> str:
    return run_schedule(run_id=run_id).status


@app.task
def expire_requests_task() -> int:
    return expire_requests()


def queue_schedule(*, actor: Any, event: Event, allow_moves: bool = False) -> ScheduleRun:
    """Record a scheduler run and start it after the commit (at once when eager)."""
    with transaction.atomic():
        run = request_schedule(actor=actor, event=event, allow_moves=allow_moves)
        transaction.on_commit(lambda: run_schedule_task.delay(run.pk))
    return run
