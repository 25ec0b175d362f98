"""Background tasks of the projects app (thin: they call domain functions)."""

from celery import shared_task


@shared_task
def remind_follow_ups_task() -> int:
    from sanxin.projects.domain.followups import remind_follow_ups  # noqa: PLC0415

    return remind_follow_ups()
