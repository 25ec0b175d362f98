"""Optimistic locking: a save based on an old version of a record is refused, never lost.

A record with a ``version`` field counts its saves. An edit form or API client sends back the
version it started from; when someone else saved in between, the domain raises
``EditConflictError`` instead of overwriting their work. The conflict says who changed what since
(read from the audit log, where every save records its new version), the form keeps what the
user typed, and saving again on purpose then overwrites.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxin.common.audit import history_for

#: How many of the latest audit entries are read to explain a conflict.
HISTORY_WINDOW = 50


class EditConflictError(Exception):
    """Someone else saved the record after ``expected``; ``entries`` are their changes."""

    def __init__(self, *, obj: Any, expected: int, current: int, entries: list) -> None:
        self.obj, self.expected, self.current, self.entries = obj, expected, current, entries
        super().__init__(self.message())

    def changed_fields(self) -> list[str]:
        """Labels of the fields changed since, in the model's field order (a database may keep
        the audit entry's keys in an order of its own)."""
        keys = {k for entry in self.entries for k in entry.changes.get("new", {})} - {"version"}
        order = {f.name: i for i, f in enumerate(self.obj._meta.get_fields())}
        names: list[str] = []
        for key in sorted(keys, key=lambda k: (order.get(k, len(order)), k)):
            label = field_label(self.obj, key)
            if label not in names:
                names.append(label)
        return names

    def message(self) -> str:
        if not self.entries:
            return _(
                "Someone else saved this while you were editing. Your changes were not saved; "
                "check the current values, then save again."
            )
        last = self.entries[0]
        return _(
            "%(who)s saved this at %(when)s while you were editing (changed: %(fields)s). "
            "Your changes were not saved; they are still in the form. Check the current values, "
            "then save again to keep yours."
        ) % {
            "who": last.actor_label,
            "when": date_format(timezone.localtime(last.timestamp), "DATETIME_FORMAT"),
            "fields": ", ".join(self.changed_fields()) or "—",
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "code": "conflict",
            "message": self.message(),
            "current_version": self.current,
            "changes": [
                {
                    "by": entry.actor_label,
                    "at": entry.timestamp.isoformat(),
                    "fields": sorted(k for k in entry.changes.get("new", {}) if k != "version"),
                }
                for entry in self.entries
            ],
        }


def field_label(obj: Any, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except Exception:  # a key of the audit snapshot that is not a model field
        return name


def check_version(obj: Any, expected: int | str | None) -> None:
    """Refuse the save when the caller's ``expected`` version is not the stored one.

    ``obj`` must be freshly read with ``select_for_update``. ``None`` skips the check (a caller
    that does not track versions, e.g. an import, takes the last-write-wins semantics).
    """
    if expected in (None, ""):
        return
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        expected = -1
    if expected == obj.version:
        return
    entries = [
        entry
        for entry in history_for(obj)[:HISTORY_WINDOW]
        if (entry.changes.get("new", {}).get("version") or 0) > expected
    ]
    raise EditConflictError(obj=obj, expected=expected, current=obj.version, entries=entries)
