"""Background work through a real broker and worker (Redis + Celery), as in production.

`.ci/run` runs this module in a pytest session of its own, on PostgreSQL with a throwaway Redis.
Without SANXIN_TEST_BROKER_URL, or on SQLite, the whole module skips before any database setup
(its serialized rollback cannot be set up after other transactional tests in the same session).
Celery keeps one producer pool per app, made for the broker configured when a task is first
sent: the fixture drops it on switching to Redis (and back), else ``.delay()`` would still
publish to the in-memory broker of the tests that ran before.

Runs when SANXIN_TEST_BROKER_URL names a Redis database (``.ci/run`` starts one); skips with
the reason otherwise. Runs on PostgreSQL, the production database: the worker's thread opens
its own connection, which SQLite's shared in-memory test database does not serve reliably after the
browser tests' live server has shared the main thread's connection.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = [
    pytest.mark.integration,
    # serialized_rollback: the reference data (regions, taxonomy) is put back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROKER = os.environ.get("SANXIN_TEST_BROKER_URL", "")
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
if not (BROKER and ON_POSTGRESQL):
    pytestmark.append(
        pytest.mark.skip(
            reason="needs SANXIN_TEST_BROKER_URL (a Redis database) and DATABASE_URL on "
            "PostgreSQL; .ci/run provides both"
        )
    )


def _forget_producers(app) -> None:
    """Drop the connection and producer pools made for the previous broker."""
    # Celery has no public way to reset them.
    app.amqp._producer_pool = None
    app._pool = None


@pytest.fixture
def worker(settings):
    from celery.contrib.testing.worker import start_worker

    from sanxin.config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    _forget_producers(app)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.connection_for_write().default_channel.client.flushdb()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _forget_producers(app)


def test_a_task_runs_on_the_worker_and_its_effect_is_seen(worker, world):
    from sanxin.projects.tasks import remind_follow_ups_task
    from tests.projects.factories import FollowUpFactory, ProjectFactory

    project = ProjectFactory(owner=world.member_org)
    FollowUpFactory(
        project=project, owner=world.member, due=timezone.localdate() + dt.timedelta(days=1)
    )
    mail.outbox.clear()
    remind_follow_ups_task.delay()  # no result backend: tasks leave their effects in the data
    deadline = time.monotonic() + 60
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_health_reports_the_broker(worker, client):
    body = client.get("/healthz").json()
    assert (body["status"], body["broker"]) == ("ok", "ok")
