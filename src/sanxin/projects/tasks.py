"""Background tasks of the projects app (thin: they call domain functions)."""

from celery import shared_task


@shared_task
def remind_follow_ups_task() -> int:
    from sanxin.projects.domain.followups import remind_follow_ups  # noqa: PLC0415

    return remind_follow_ups()


@shared_task(name="sanxin.projects.tasks.run_import_task")
def run_import_task(run_id: int) -> str:
    """Import a queued run's file (idempotent: a run is claimed once)."""
    from sanxin.projects.interfaces.import_runner import execute_run  # noqa: PLC0415

    run = execute_run(run_id)
    return run.status if run is not None else "already claimed"
