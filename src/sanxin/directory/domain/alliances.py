"""Register and change alliances (platform admins), with audit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, assign, require, set_many, snapshot
from sanxin.directory.models import Alliance

EDITABLE_FIELDS: tuple[str, ...] = (
    "slug",
    "name_en",
    "name_zh",
    "name_vi",
    "description_en",
    "description_zh",
    "description_vi",
    "fields",
    "secretariat",
    "regions",
    "confidentiality",
    "founded",
    "is_demo",
)


@transaction.atomic
def create_alliance(*, actor: Any, data: dict[str, Any]) -> Alliance:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(viewer.is_admin)
    alliance = Alliance()
    assign(alliance, data, EDITABLE_FIELDS)
    alliance.full_clean()
    alliance.save()
    set_many(alliance, {k: v for k, v in data.items() if k in ("fields", "regions")})
    log_action(
        "sanxin.alliance.created",
        actor=actor,
        obj=alliance,
        new=snapshot(alliance, EDITABLE_FIELDS),
    )
    return alliance
