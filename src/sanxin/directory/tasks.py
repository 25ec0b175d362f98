"""Background tasks of the directory (thin: they call domain functions)."""

from celery import shared_task


@shared_task
def remind_stale_profiles_task() -> int:
    from sanxin.directory.domain.reminders import remind_stale_profiles  # noqa: PLC0415

    return remind_stale_profiles()
