"""Helpers for benchmarks that need a scratch Django database (never the user's data)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable


def setup_scratch_django() -> str:
    """Point Sanxin at a fresh SQLite database in a temp dir, set Django up and migrate."""
    data_dir = tempfile.mkdtemp(prefix="sanxin-bench-")
    os.environ["SANXIN_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ.setdefault("SANXIN_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    os.environ["SANXIN_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxin.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    call_command("migrate", verbosity=0, interactive=False)
    return data_dir


def measure(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> dict[str, float]:
    """p50/p95/max in milliseconds over ``repeat`` calls, and the query count of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
        "queries": len(ctx.captured_queries),
    }
