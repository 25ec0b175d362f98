"""/healthz: database, migrations and broker, for load balancers and monitoring."""

import pytest

pytestmark = pytest.mark.integration


def test_healthy_without_a_broker_runs_tasks_in_process(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "broker": "in-process",
    }


def test_an_unreachable_broker_makes_it_unhealthy(client, db, settings):
    from sanxin.config.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"]) == ("error", "ok")
    assert body["broker"].startswith("error: ")
