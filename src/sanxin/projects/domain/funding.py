"""Funding: sources, the amounts committed and arrived over time, and exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.projects.domain.access import can_contribute
from sanxin.projects.enums import BASE_CURRENCY, Currency, FundingEntryKind, FundingKind
from sanxin.projects.models import ExchangeRate, FundingEntry, FundingSource, Project

K = FundingEntryKind


@transaction.atomic
def add_funding_source(
    *,
    actor: Any,
    project: Project,
    label: str = "",
    organization: Any = None,
    kind: str = FundingKind.EQUITY,
    currency: str = Currency.CNY,
) -> FundingSource:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, project))
    source = FundingSource(
        project=project, label=label, organization=organization, kind=kind, currency=currency
    )
    if not label and organization is None:
        raise ValidationError({"label": _("Name the source, or choose its organization.")})
    source.full_clean(exclude=["project"])
    source.save()
    log_action(
        "sanxin.project.funding.source_added",
        actor=actor,
        obj=project,
        new={"source": str(source)},
    )
    return source


def source_totals(source: FundingSource, *, exclude_pk: int | None = None) -> dict[str, Decimal]:
    """{"committed": …, "arrived": …} in the source's currency."""
    entries = source.entries.all()
    if exclude_pk is not None:
        entries = entries.exclude(pk=exclude_pk)
    totals = entries.aggregate(
        committed=Sum("amount", filter=Q(kind=K.COMMITTED)),
        arrived=Sum("amount", filter=Q(kind=K.ARRIVED)),
    )
    return {key: value or Decimal(0) for key, value in totals.items()}


@transaction.atomic
def record_funding(
    *,
    actor: Any,
    source: FundingSource,
    kind: str,
    amount: Decimal,
    on: dt.date,
    note: str = "",
) -> FundingEntry:
    """Record money committed or arrived; what arrived may not exceed what was committed."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, source.project))
    source = FundingSource.objects.select_for_update(of=("self",)).get(pk=source.pk)
    entry = FundingEntry(source=source, kind=kind, amount=amount, on=on, note=note)
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({"amount": _("Give an amount greater than zero.")})
    entry.full_clean(exclude=["source"])
    totals = source_totals(source)
    if kind == K.ARRIVED and totals["arrived"] + Decimal(amount) > totals["committed"]:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(committed)s %(currency)s has been committed by this source and "
                    "%(arrived)s %(currency)s has arrived; record the commitment first."
                )
                % {
                    "committed": f"{totals['committed']:.2f}",
                    "arrived": f"{totals['arrived']:.2f}",
                    "currency": source.currency,
                }
            }
        )
    entry.save()
    log_action(
        f"sanxin.project.funding.{kind}",
        actor=actor,
        obj=source.project,
        new={"source": str(source), "amount": entry.amount, "on": on},
    )
    return entry


@transaction.atomic
def set_exchange_rate(
    *, actor: Any, currency: str, on: dt.date, rate: Decimal, source: str = ""
) -> ExchangeRate:
    """Record how many CNY one unit of ``currency`` was worth on ``on`` (platform admins)."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(viewer.is_admin or viewer.is_secretariat)
    if currency == BASE_CURRENCY or currency not in Currency.values:
        raise ValidationError({"currency": _("Choose a currency other than CNY.")})
    if rate is None or Decimal(rate) <= 0:
        raise ValidationError({"rate": _("Give a rate greater than zero.")})
    row, created = ExchangeRate.objects.get_or_create(
        currency=currency, on=on, defaults={"rate": rate, "source": source}
    )
    old = {"rate": row.rate} if not created else None
    row.rate, row.source = Decimal(rate), source
    row.full_clean()
    row.save()
    log_action("sanxin.exchange_rate.set", actor=actor, obj=row, old=old, new={"rate": row.rate})
    return row
