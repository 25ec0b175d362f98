"""Platform-wide views: health check, logos, the sign-in lockout page."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import FileResponse, Http404, JsonResponse


def healthz(request):
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    checks["broker"] = broker_status()
    healthy = all(v in {"ok", "in-process"} for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def broker_status() -> str:
    """``in-process`` without a broker (tasks run eagerly), else whether it answers."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from sanxin.config.celery import app  # noqa: PLC0415 - only with a broker

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def logo(request, name: str):
    """Serve an uploaded organization logo with safe headers (only known image types)."""
    folder = (Path(settings.MEDIA_ROOT) / "logos").resolve()
    path = (folder / name).resolve()
    content_type = LOGO_TYPES.get(path.suffix.lower())
    if path.parent != folder or content_type is None or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def locked_out(request, response=None, credentials=None):
    """What django-axes shows once sign-in is paused for a user name and address (HTTP 429)."""
    from django.shortcuts import render  # noqa: PLC0415 - only needed here

    limit = settings.AXES_FAILURE_LIMIT
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.headers.get("x-requested-with") == "XMLHttpRequest" or request.path.startswith(
        "/api/"
    ):
        return JsonResponse(
            {"code": "locked_out", "failure_limit": limit, "minutes": minutes}, status=429
        )
    context = {"failure_limit": limit, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
