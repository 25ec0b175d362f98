"""Schemas of the insights API (amounts as exact decimal strings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class ScopeOut(Schema):
    alliance: str
    region: str
    event: int | None
    start: dt.date
    end: dt.date


class RowOut(Schema):
    key: str
    label: str
    value: Decimal


class CapacityTotalOut(Schema):
    unit: str
    label: str
    total: Decimal
    by_stage: list[RowOut]


class StageMoneyOut(Schema):
    stage: str
    label: str
    converted: Decimal
    by_currency: dict[str, Decimal]


class InvestmentOut(Schema):
    currency: str = Field(description="the currency amounts are converted to")
    rates_on: dt.date
    total: Decimal
    by_currency: dict[str, Decimal]
    missing_rates: list[str]
    by_stage: list[StageMoneyOut]


class CarbonOut(Schema):
    tco2_per_year: Decimal
    appraised_projects: int
    target: Decimal | None
    target_year: int
    percent_of_target: Decimal | None


class DashboardRatioOut(Schema):
    key: str
    name: str
    percent: Decimal | None
    numerator: Decimal
    denominator: Decimal


class EventOutcomesOut(Schema):
    id: int
    title: str
    start_date: dt.date
    end_date: dt.date
    projects_launched: int
    participants: int | None = Field(None, description="organisers only")
    meetings_held: int | None = Field(None, description="organisers only")
    outcomes: dict[str, int] | None = Field(None, description="organisers only")


class MembersOut(Schema):
    members: int
    confirmed_recently: int
    stale: int
    never_confirmed: int
    updated_in_period: int
    joined_in_period: int
    offers_in_period: int
    stale_after_days: int


class DashboardOut(Schema):
    scope: ScopeOut
    projects: int
    new_in_period: int
    stage_changes_in_period: int
    by_stage: list[RowOut]
    by_type: list[RowOut]
    by_region: list[RowOut]
    capacity: list[CapacityTotalOut]
    investment: InvestmentOut
    carbon: CarbonOut
    landing: list[DashboardRatioOut]
    events: list[EventOutcomesOut]
    members: MembersOut


class TargetOut(Schema):
    alliance: str
    year: int
    tco2_per_year: Decimal
    updated: dt.datetime


class TargetIn(Schema):
    alliance: str | None = None
    year: int
    tco2_per_year: Decimal


class ReportIn(Schema):
    alliance: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    language: str = "en"
    format: str = "pdf"


class AllianceReportOut(Schema):
    id: int
    alliance: str
    start: dt.date
    end: dt.date
    language: str
    format: str
    status: str
    progress: int
    size: int
    error: str
    created: dt.datetime
    finished: dt.datetime | None
    download_url: str | None

    @staticmethod
    def resolve_alliance(obj) -> str:
        return obj.alliance.slug

    @staticmethod
    def resolve_start(obj) -> dt.date:
        return obj.period_start

    @staticmethod
    def resolve_end(obj) -> dt.date:
        return obj.period_end

    @staticmethod
    def resolve_format(obj) -> str:
        return obj.file_format

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        from django.urls import reverse  # noqa: PLC0415

        if obj.status != "done" or not obj.file:
            return None
        return reverse("api:insights_report_download", args=[obj.pk])
