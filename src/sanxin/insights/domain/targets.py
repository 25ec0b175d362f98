"""The alliance's tCO2 target: set by its secretariat (or an admin), one per year, audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.models import Alliance
from sanxin.insights.domain.scope import can_set_target
from sanxin.insights.models import CarbonTarget

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TARGET = Decimal("999999999999999")


def target_for(*, alliance: Alliance, year: int) -> CarbonTarget | None:
    return CarbonTarget.objects.filter(alliance=alliance, year=year).first()


def alliance_targets(alliance: Alliance):
    return CarbonTarget.objects.filter(alliance=alliance).select_related("set_by").order_by("-year")


def _clean(year: Any, tco2: Any) -> tuple[int, Decimal]:
    errors: dict[str, str] = {}
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("Enter a year between %(low)s and %(high)s.") % {
            "low": MIN_YEAR,
            "high": MAX_YEAR,
        }
    try:
        value = Decimal(str(tco2).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value > MAX_TARGET:
        errors["tco2_per_year"] = _(
            "Enter the target as a number of tonnes of CO2 per year, 0 or more."
        )
    if errors:
        raise ValidationError(errors)
    return year, value.quantize(Decimal("0.1"))


@transaction.atomic
def set_target(*, actor: Any, alliance: Alliance, year: Any, tco2_per_year: Any) -> CarbonTarget:
    """Create or change the alliance's target for ``year``; logs the old and the new value."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_set_target(viewer, alliance))
    year, value = _clean(year, tco2_per_year)
    target = (
        CarbonTarget.objects.select_for_update(of=("self",))
        .filter(alliance=alliance, year=year)
        .first()
    )
    old = None
    if target is None:
        target = CarbonTarget(alliance=alliance, year=year)
    else:
        old = {"year": target.year, "tco2_per_year": str(target.tco2_per_year)}
    target.tco2_per_year = value
    target.set_by = actor if viewer is not None else None
    target.save()
    new = {"year": year, "tco2_per_year": str(value)}
    if old != new:
        log_action("sanxin.insights.target.set", actor=actor, obj=target, old=old or {}, new=new)
    return target
