"""factory-boy factories for every model of the projects app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from sanxin.common.enums import Confidentiality
from sanxin.projects.enums import (
    ConsortiumRoleType,
    ConsortiumStatus,
    Currency,
    FundingEntryKind,
    FundingKind,
    MilestoneStatus,
    ProjectType,
    Stage,
)
from sanxin.projects.models import (
    ConsortiumRole,
    Document,
    ExchangeRate,
    FollowUp,
    FundingEntry,
    FundingSource,
    Milestone,
    Notification,
    Phase,
    Project,
    ProjectStageChange,
    Watcher,
)
from tests.factories import OrganizationFactory, PersonFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project; ``furthest_stage`` follows ``stage`` unless given (on hold, cancelled…)."""

    class Meta:
        model = Project

    title_en = factory.Sequence(lambda n: f"Project {n}")
    title_zh = factory.Sequence(lambda n: f"项目{n}")
    project_type = ProjectType.WIND
    country = "CN"
    capacity = Decimal("100")
    capacity_unit = "MW"
    investment = Decimal("500000000")
    currency = Currency.CNY
    owner = factory.SubFactory(OrganizationFactory)
    confidentiality = Confidentiality.ALLIANCE
    stage = Stage.IDEA
    stage_since = dt.date(2024, 1, 1)
    furthest_stage = factory.LazyAttribute(
        lambda p: p.stage if p.stage not in (Stage.ON_HOLD, Stage.CANCELLED) else Stage.IDEA
    )


class ProjectStageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectStageChange

    project = factory.SubFactory(ProjectFactory)
    from_stage = Stage.IDEA
    to_stage = Stage.PROPOSED
    on = dt.date(2024, 2, 1)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    capacity = Decimal("50")
    capacity_unit = "MW"
    stage = Stage.IDEA


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    planned = dt.date(2030, 1, 1)
    status = MilestoneStatus.PLANNED


class ConsortiumRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsortiumRole

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = ConsortiumRoleType.EPC
    status = ConsortiumStatus.CONFIRMED


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = Currency.USD
    on = dt.date(2025, 1, 1)
    rate = Decimal("7.2")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    project = factory.SubFactory(ProjectFactory)
    label = factory.Sequence(lambda n: f"Bank {n}")
    kind = FundingKind.LOAN
    currency = Currency.CNY


class FundingEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingEntry

    source = factory.SubFactory(FundingSourceFactory)
    kind = FundingEntryKind.COMMITTED
    amount = Decimal("1000")
    on = dt.date(2025, 1, 1)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Send the term sheet {n}")
    owner = factory.SubFactory(PersonFactory)
    due = dt.date(2030, 1, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Feasibility study {n}")
    file = factory.django.FileField(filename="study.pdf", data=b"%PDF-1.4 test")
    original_name = "study.pdf"
    content_type = "application/pdf"
    size = 13


class WatcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Watcher

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(PersonFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    person = factory.SubFactory(PersonFactory)
    project = factory.SubFactory(ProjectFactory)
    action = "sanxin.project.stage.changed"
    subject = "Project is now proposed"


class ImportRunFactory(factory.django.DjangoModelFactory):
    """A finished import of a GEM tracker (``status`` and the figures can be overridden)."""

    class Meta:
        model = "projects.ImportRun"

    source = "gem"
    dataset = "Global Energy Monitor, Global Coal Plant Tracker, January 2025 release"
    file_name = factory.Sequence(lambda n: f"Global-Coal-Plant-Tracker-{n}.xlsx")
    file_size = 1024
    file_sha256 = "0" * 64
    status = "done"
    actor_label = "system"
    rows_total = 3
    rows_done = 3
    projects_created = 2
    rows_skipped = 1
    skipped = factory.LazyFunction(
        lambda: [{"row": 4, "sheet": "Units", "code": "bad_status", "params": {"value": "x"}}]
    )
