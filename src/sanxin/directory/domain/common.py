"""Helpers shared by the directory's domain functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sanxin.directory.domain.access import Viewer, viewer_for


def acting_viewer(actor: Any) -> Viewer | None:
    """The actor's viewer, or None for the system itself (CLI, demo loader, migrations)."""
    return None if actor is None else viewer_for(actor)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Field values for the audit log; many-to-many fields as sorted codes or ids."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            if obj.pk is None:
                out[name] = []
            else:
                related = getattr(obj, name).all()
                key = "code" if hasattr(field.related_model, "code") else "pk"
                out[name] = sorted(str(getattr(r, key)) for r in related)
        elif field.is_relation:
            out[name] = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
            out[name] = (
                value.name
                if hasattr(value, "name")
                and field.get_internal_type()
                in {
                    "FileField",
                    "ImageField",
                }
                else value
            )
    return out


def assign(obj: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Set plain and foreign-key fields from ``data``; many-to-many ones are set after saving."""
    for key, value in data.items():
        if key not in allowed:
            raise ValueError(f"field {key!r} cannot be set here")
        field = obj._meta.get_field(key)
        if field.many_to_many:
            continue
        if field.is_relation and value is not None and not isinstance(value, models.Model):
            setattr(obj, field.attname, value)
        else:
            setattr(obj, key, value)


def set_many(obj: models.Model, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if obj._meta.get_field(key).many_to_many:
            getattr(obj, key).set(value)


def finish_clean(obj: models.Model, errors: dict[str, list[str]], **full_clean_kwargs) -> None:
    """Add the model's own field validation to ``errors`` and raise them all at once, if any."""
    try:
        obj.full_clean(**full_clean_kwargs)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def queue_embedding(record: Any) -> None:
    """Have the matching app recompute ``record``'s embedding after the commit (a profile,
    offer or project changed). Imported here, not at the top: the matching app builds on this
    one."""
    from sanxin.matching.tasks import queue_embedding as queue  # noqa: PLC0415

    queue(record)
