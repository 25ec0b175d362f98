"""Landing ratios for any set of projects, with their definitions.

Every ratio counts projects by the **furthest pipeline stage they ever reached**
(``Project.furthest_stage``), so a project that was put on hold or cancelled keeps the progress
it made. The definitions below are the ones shown to users (``RATIO_DEFINITIONS``) and written
down in docs/projects.md; keep the three in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxin.projects.enums import BASE_CURRENCY, FundingEntryKind, Stage, stages_from
from sanxin.projects.models import ExchangeRate, FundingEntry, Project

AGREEMENT_OR_LATER = stages_from(Stage.AGREEMENT)
CONSTRUCTION_OR_LATER = stages_from(Stage.CONSTRUCTION)

RATIO_NAMES: dict[str, Promise] = {
    "agreements_fulfilled": _("Agreements fulfilled (履约率)"),
    "construction_started": _("Construction started (开工率)"),
    "in_operation": _("In operation (投产率)"),
    "funds_arrived": _("Funds arrived / committed (资金到位率)"),
}

RATIO_DEFINITIONS: dict[str, Promise] = {
    "agreements_fulfilled": _(
        "Of the projects that reached “agreement signed” (including those later put on hold "
        "or cancelled), the share that went on to reach “construction started” or a later "
        "stage."
    ),
    "construction_started": _(
        "Of the projects that reached “agreement signed” and are not cancelled, the share "
        "that reached “construction started” or a later stage."
    ),
    "in_operation": _(
        "Of the projects that reached “construction started” and are not cancelled, the share "
        "that reached “in operation”."
    ),
    "funds_arrived": _(
        "The sum of all funding that arrived divided by the sum of all funding committed, for "
        "every project in the set, converted to CNY at the latest exchange rate on or before "
        "the reporting date; amounts in a currency without such a rate are left out of both "
        "sums and the currency is listed."
    ),
}


@dataclass(frozen=True)
class Ratio:
    key: str
    numerator: Fraction
    denominator: Fraction

    @property
    def value(self) -> Fraction | None:
        """numerator / denominator, or None when there is nothing to measure."""
        if self.denominator == 0:
            return None
        return self.numerator / self.denominator

    @property
    def percent(self) -> Decimal | None:
        value = self.value
        if value is None:
            return None
        return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(
            Decimal("0.1")
        )

    @property
    def name(self) -> str:
        return str(RATIO_NAMES[self.key])

    @property
    def definition(self) -> str:
        return str(RATIO_DEFINITIONS[self.key])


@dataclass(frozen=True)
class LandingRatios:
    agreements_fulfilled: Ratio
    construction_started: Ratio
    in_operation: Ratio
    funds_arrived: Ratio
    currency: str = BASE_CURRENCY
    on: dt.date | None = None
    missing_rates: tuple[str, ...] = field(default_factory=tuple)

    def __iter__(self):
        yield from (
            self.agreements_fulfilled,
            self.construction_started,
            self.in_operation,
            self.funds_arrived,
        )


def rates_on(on: dt.date) -> dict[str, Decimal]:
    """CNY per unit of each currency: the latest rate on or before ``on``."""
    rates: dict[str, Decimal] = {BASE_CURRENCY: Decimal(1)}
    for row in ExchangeRate.objects.filter(on__lte=on).order_by("currency", "-on"):
        rates.setdefault(row.currency, row.rate)
    return rates


def funding_totals(
    projects: QuerySet[Project], on: dt.date
) -> tuple[Fraction, Fraction, tuple[str, ...]]:
    """(arrived, committed, currencies left out) in CNY for the projects' funding."""
    rates = rates_on(on)
    rows = (
        FundingEntry.objects.filter(source__project__in=projects.values("pk"), on__lte=on)
        .values("source__currency", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    arrived = committed = Fraction(0)
    missing: set[str] = set()
    for row in rows:
        currency = row["source__currency"]
        if currency not in rates:
            missing.add(currency)
            continue
        amount = Fraction(row["total"]) * Fraction(rates[currency])
        if row["kind"] == FundingEntryKind.ARRIVED:
            arrived += amount
        else:
            committed += amount
    return arrived, committed, tuple(sorted(missing))


def landing_ratios(projects: QuerySet[Project], *, on: dt.date | None = None) -> LandingRatios:
    """The four landing ratios of ``projects`` (already scoped to what the viewer may see)."""
    on = on or timezone.localdate()
    live = ~Q(stage=Stage.CANCELLED)
    agreement = Q(furthest_stage__in=AGREEMENT_OR_LATER)
    construction = Q(furthest_stage__in=CONSTRUCTION_OR_LATER)
    counts = {  # one scan of the projects for all five counts
        key: Fraction(value)
        for key, value in projects.aggregate(
            agreement=Count("pk", filter=agreement),
            construction=Count("pk", filter=construction),
            live_agreement=Count("pk", filter=live & agreement),
            live_construction=Count("pk", filter=live & construction),
            live_operation=Count("pk", filter=live & Q(furthest_stage=Stage.OPERATION)),
        ).items()
    }
    arrived, committed, missing = funding_totals(projects, on)
    return LandingRatios(
        agreements_fulfilled=Ratio(
            "agreements_fulfilled", counts["construction"], counts["agreement"]
        ),
        construction_started=Ratio(
            "construction_started", counts["live_construction"], counts["live_agreement"]
        ),
        in_operation=Ratio("in_operation", counts["live_operation"], counts["live_construction"]),
        funds_arrived=Ratio("funds_arrived", arrived, committed),
        on=on,
        missing_rates=missing,
    )
