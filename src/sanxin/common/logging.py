"""Structured logs: one JSON object a line (``SANXIN_LOG_FORMAT=json``), for log collectors.

Only what helps an operator is written: time, level, logger, message, and for Django's request
logs the method, path and status. Never request bodies, headers, cookies or query strings (they
can carry passwords, tokens and personal data); user names in django-axes's messages are already
masked by axes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", "")
            entry["path"] = request.path  # the path only, never the query string
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
