"""The dashboard's figures for a scope, each aggregated in the database.

Every figure starts from the scope's projects as the viewer sees them
(``scope.scope_projects``), so nobody counts what they may not see; each is one grouped query
(or a fixed few), so the number of queries does not grow with the rows. Amounts stay
``Decimal``: capacities are summed per unit (MW, MWh, GWh/yr and t/yr are never added
together) and investments per currency, then converted to CNY with the exchange rates the
projects app stores (``projects.domain.landing.rates_on``); a currency without a rate is left
out of the CNY sums and listed. Landing ratios are the projects app's
(``projects.domain.landing``); tCO2 avoided per year is the sum of ``tco2_year1`` over each
project's latest appraisal (``appraisals.domain.queries.latest_appraisals``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from sanxin.appraisals.domain.queries import latest_appraisals
from sanxin.common.i18n import current_suffix
from sanxin.directory.domain.access import Viewer
from sanxin.directory.models import Region
from sanxin.events.domain.report import EventReport, event_report
from sanxin.insights.domain.activity import EventRow, Members, event_outcomes, member_activity
from sanxin.insights.domain.scope import (
    Scope,
    event_viewer_of,
    period_bounds,
    scope_projects,
)
from sanxin.insights.domain.targets import target_for
from sanxin.projects.domain.landing import LandingRatios, landing_ratios, rates_on
from sanxin.projects.enums import BASE_CURRENCY, PIPELINE, CapacityUnit, ProjectType, Stage
from sanxin.projects.models import ProjectStageChange

CENT = Decimal("0.01")
_STAGE_LABELS = dict(Stage.choices)
_TYPE_LABELS = dict(ProjectType.choices)
_UNIT_LABELS = dict(CapacityUnit.choices)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | Decimal


@dataclass(frozen=True)
class UnitSeries:
    """Capacity in one unit, by stage."""

    unit: str
    rows: list[Row]
    total: Decimal

    @property
    def label(self) -> str:
        return str(_UNIT_LABELS.get(self.unit, self.unit))


@dataclass(frozen=True)
class StageMoney:
    key: str
    label: str
    cny: Decimal
    by_currency: dict[str, Decimal]


@dataclass(frozen=True)
class Investment:
    rows: list[StageMoney]
    total_cny: Decimal
    by_currency: dict[str, Decimal]
    on: dt.date
    rates: dict[str, Decimal]
    missing_rates: tuple[str, ...] = ()
    currency: str = BASE_CURRENCY


@dataclass(frozen=True)
class Carbon:
    tco2_per_year: Decimal
    appraised: int
    projects: int
    target: Decimal | None
    target_year: int

    @property
    def percent_of_target(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.tco2_per_year * 100 / self.target).quantize(Decimal("0.1"))


def region_label(row: dict) -> str:
    from sanxin.common.templatetags.sanxin import country_name  # noqa: PLC0415

    country = country_name(row["country"])
    if not row["province__code"]:
        return country
    suffix = current_suffix()
    name = row.get(f"province__name_{suffix}") or row["province__name_en"] or row["province__code"]
    return f"{name} ({country})"


@dataclass(frozen=True)
class CubeRow:
    """Projects of one stage, type, capacity unit and currency: counts and sums."""

    stage: str
    project_type: str
    capacity_unit: str
    currency: str
    count: int
    new: int
    moves: int
    capacity: Decimal | None
    investment: Decimal | None


def pipeline_cube(projects: QuerySet, scope: Scope) -> list[CubeRow]:
    """One grouped query over the projects: every count and sum of the pipeline is added up
    from it (a few hundred rows at most: stages × types × units × currencies), the stage
    changes in the period included."""
    start, end = period_bounds(scope)
    moves = (
        ProjectStageChange.objects.filter(
            project=OuterRef("pk"), on__gte=scope.start, on__lte=scope.end
        )
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        projects.values_list("stage", "project_type", "capacity_unit", "currency")
        .annotate(
            n=Count("pk"),
            new=Count("pk", filter=Q(created__gte=start, created__lt=end)),
            moves=Sum(Coalesce(Subquery(moves, output_field=IntegerField()), 0)),
            capacity_sum=Sum("capacity"),
            investment_sum=Sum("investment"),
        )
        .order_by()
    )
    return [
        CubeRow(
            stage,
            kind,
            unit,
            currency,
            n,
            new,
            moves or 0,
            None if cap is None else Decimal(cap),
            None if inv is None else Decimal(inv),
        )
        for stage, kind, unit, currency, n, new, moves, cap, inv in rows
    ]


def count_by_stage(cube: list[CubeRow]) -> list[Row]:
    """Every pipeline stage (zeros included) in order; on hold, cancelled, retired when any."""
    counts: dict[str, int] = {}
    for row in cube:
        counts[row.stage] = counts.get(row.stage, 0) + row.count
    return [
        Row(stage, str(_STAGE_LABELS[stage]), counts.get(stage, 0))
        for stage in Stage.values
        if stage in PIPELINE or counts.get(stage)
    ]


def count_by_type(cube: list[CubeRow]) -> list[Row]:
    counts: dict[str, int] = {}
    for row in cube:
        counts[row.project_type] = counts.get(row.project_type, 0) + row.count
    rows = [Row(key, str(_TYPE_LABELS.get(key, key)), n) for key, n in counts.items() if n]
    return sorted(rows, key=lambda r: (-r.value, r.label))


def count_by_region(projects: QuerySet) -> list[Row]:
    """Projects per country and province (grouped by ids; the names in one small query)."""
    counts = {
        (country, province): n
        for country, province, n in projects.values_list("country", "province_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    ids = {province for _country, province in counts if province is not None}
    regions = {
        r["pk"]: r
        for r in Region.objects.filter(pk__in=ids).values(
            "pk", "code", "name_en", "name_zh", "name_vi"
        )
    }
    out = []
    for (country, province), n in counts.items():
        region = regions.get(province) or {}
        label = region_label(
            {
                "country": country,
                "province__code": region.get("code", ""),
                "province__name_en": region.get("name_en", ""),
                "province__name_zh": region.get("name_zh", ""),
                "province__name_vi": region.get("name_vi", ""),
            }
        )
        out.append(Row(f"{country}:{region.get('code', '')}", label, n))
    return sorted(out, key=lambda r: (-r.value, r.label))


def capacity_by_unit(cube: list[CubeRow]) -> list[UnitSeries]:
    """Capacity per unit and stage; different units are never added together."""
    totals: dict[str, dict[str, Decimal]] = {}
    for row in cube:
        if row.capacity is None or not row.capacity_unit:
            continue
        by_stage = totals.setdefault(row.capacity_unit, {})
        by_stage[row.stage] = by_stage.get(row.stage, Decimal(0)) + row.capacity
    out = []
    for unit in CapacityUnit.values:
        if unit not in totals:
            continue
        by_stage = totals[unit]
        series = [
            Row(stage, str(_STAGE_LABELS[stage]), by_stage[stage])
            for stage in Stage.values
            if stage in by_stage
        ]
        out.append(UnitSeries(unit, series, sum(by_stage.values(), Decimal(0))))
    return out


def investment_by_stage(cube: list[CubeRow], on: dt.date) -> Investment:
    """Investment per stage, per currency and converted to CNY at the rates on ``on``."""
    rates = rates_on(on)
    per_stage: dict[str, dict[str, Decimal]] = {}
    for row in cube:
        if row.investment is None:
            continue
        amounts = per_stage.setdefault(row.stage, {})
        amounts[row.currency] = amounts.get(row.currency, Decimal(0)) + row.investment
    missing: set[str] = set()
    money = []
    by_currency: dict[str, Decimal] = {}
    for stage in Stage.values:
        if stage not in per_stage:
            continue
        cny = Decimal(0)
        for currency, amount in per_stage[stage].items():
            by_currency[currency] = by_currency.get(currency, Decimal(0)) + amount
            if currency in rates:
                cny += amount * rates[currency]
            else:
                missing.add(currency)
        money.append(
            StageMoney(
                stage,
                str(_STAGE_LABELS[stage]),
                cny.quantize(CENT),
                dict(sorted(per_stage[stage].items())),
            )
        )
    return Investment(
        rows=money,
        total_cny=sum((m.cny for m in money), Decimal(0)),
        by_currency=dict(sorted(by_currency.items())),
        on=on,
        rates=rates,
        missing_rates=tuple(sorted(missing)),
    )


def carbon_avoided(viewer: Viewer, scope: Scope, projects: QuerySet, total: int) -> Carbon:
    sums = latest_appraisals(viewer, projects).aggregate(
        tco2=Sum("tco2_year1"), n=Count("pk", filter=Q(tco2_year1__isnull=False))
    )
    target = target_for(alliance=scope.alliance, year=scope.end.year)
    return Carbon(
        tco2_per_year=Decimal(sums["tco2"] or 0),
        appraised=sums["n"],
        projects=total,
        target=None if target is None else target.tco2_per_year,
        target_year=scope.end.year,
    )


class Figures:
    """Every figure of the dashboard for a scope as a viewer may see it.

    Each figure is computed (with its queries) the first time it is read, so a page that shows
    them all runs every query once and a CSV export of one chart runs only that chart's.
    """

    def __init__(self, *, viewer: Viewer, scope: Scope):
        self.viewer = viewer
        self.scope = scope
        self.projects = scope_projects(viewer, scope)

    @cached_property
    def cube(self) -> list[CubeRow]:
        return pipeline_cube(self.projects, self.scope)

    @cached_property
    def projects_total(self) -> int:
        return sum(row.count for row in self.cube)

    @cached_property
    def new_in_period(self) -> int:
        return sum(row.new for row in self.cube)

    @cached_property
    def stage_moves_in_period(self) -> int:
        return sum(row.moves for row in self.cube)

    @cached_property
    def by_stage(self) -> list[Row]:
        return count_by_stage(self.cube)

    @cached_property
    def by_type(self) -> list[Row]:
        return count_by_type(self.cube)

    @cached_property
    def by_region(self) -> list[Row]:
        return count_by_region(self.projects)

    @cached_property
    def capacity(self) -> list[UnitSeries]:
        return capacity_by_unit(self.cube)

    @cached_property
    def investment(self) -> Investment:
        return investment_by_stage(self.cube, self.scope.end)

    @cached_property
    def carbon(self) -> Carbon:
        return carbon_avoided(self.viewer, self.scope, self.projects, self.projects_total)

    @cached_property
    def landing(self) -> LandingRatios:
        return landing_ratios(self.projects, on=self.scope.end)

    @cached_property
    def _events(self) -> tuple[list[EventRow], bool]:
        return event_outcomes(self.viewer, self.scope, self.projects)

    @property
    def events(self) -> list[EventRow]:
        return self._events[0]

    @property
    def outcomes_visible(self) -> bool:
        """Whether the viewer organises the events (sees their participants and outcomes)."""
        return self._events[1]

    @cached_property
    def event_report(self) -> EventReport | None:
        if self.scope.event is None or not self.outcomes_visible:
            return None
        return event_report(event_viewer_of(self.viewer), self.scope.event)

    @cached_property
    def members(self) -> Members:
        return member_activity(self.viewer, self.scope)


def dashboard_figures(*, viewer: Viewer, scope: Scope) -> Figures:
    """The dashboard's figures for ``scope`` as ``viewer`` may see them (computed on use)."""
    return Figures(viewer=viewer, scope=scope)
