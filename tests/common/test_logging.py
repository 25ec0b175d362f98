"""JSON log lines carry what an operator needs and nothing secret."""

import json
import logging

from django.test import RequestFactory

from sanxin.common.logging import JsonFormatter


def test_a_request_log_has_method_path_status_but_no_query_or_headers():
    request = RequestFactory().post(
        "/api/projects?token=sx_secret", {"password": "hunter2"}, HTTP_AUTHORIZATION="Bearer sx_x"
    )
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/api/projects",), None
    )
    record.request = request
    record.status_code = 403
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert {k: entry[k] for k in ("level", "logger", "message", "method", "path", "status")} == {
        "level": "WARNING",
        "logger": "django.request",
        "message": "Forbidden: /api/projects",
        "method": "POST",
        "path": "/api/projects",
        "status": 403,
    }
    for secret in ("sx_secret", "hunter2", "sx_x", "Bearer"):
        assert secret not in line


def test_exceptions_are_kept_as_text():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "sanxin", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: broken" in entry["exception"]
