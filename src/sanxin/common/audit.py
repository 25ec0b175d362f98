"""``log_action``: the one way a change is recorded."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from sanxin.common.freshness import bump_after_commit, narrowed
from sanxin.common.models import AuditEntry

SECRET_MARKERS = ("password", "secret", "token", "key_hash", "api_key")
MASK = "********"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _masked(data: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if any(marker in key.lower() for marker in SECRET_MARKERS):
            out[key] = MASK
        else:
            out[key] = _plain(value)
    return out


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Only the keys whose value changed, as {"old": {...}, "new": {...}}."""
    old_m, new_m = _masked(old), _masked(new)
    keys = sorted(set(old_m) | set(new_m))
    changed = [k for k in keys if old_m.get(k) != new_m.get(k)]
    return {
        "old": {k: old_m.get(k) for k in changed if k in old_m},
        "new": {k: new_m.get(k) for k in changed if k in new_m},
    }


def log_action(
    action: str,
    *,
    actor: Any,
    obj: Any,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append an audit entry for ``obj`` (call inside the same transaction as the change)."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    bump_after_commit([audit_generation(obj)])
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=(actor.get_username() if is_person else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        changes=diff(old, new),
    )


def audit_generation(obj: Any) -> str:
    """The generation (common/freshness.py) that moves on with each audit entry of ``obj``."""
    return f"audit-of-{obj._meta.label_lower}-{obj.pk}"


def recent_history(obj: Any, limit: int) -> list[AuditEntry]:
    """The newest ``limit`` audit entries of ``obj``. A cached page showing them depends on
    this record's entries only, not on every entry written anywhere (a meeting request sent
    elsewhere does not make an organization's page stale)."""
    with narrowed(AuditEntry._meta.db_table, (audit_generation(obj),)):
        return list(history_for(obj)[:limit])


def history_for(obj: Any):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
