"""A pipeline for the world's alliance: projects of members, a partner, an outsider, with
appraisals, exchange rates, an event that launched a project, and a tCO2 target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from sanxin.common.enums import Confidentiality
from sanxin.directory.models import Region
from sanxin.events.enums import EventAudience
from sanxin.insights.models import CarbonTarget
from sanxin.projects.enums import Currency, ProjectType, Stage
from tests.appraisals.factories import STORAGE_INPUTS, AppraisalFactory
from tests.events.factories import (
    EventFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OutcomeFactory,
    RegistrationFactory,
)
from tests.projects.factories import ExchangeRateFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _reports_in_the_request(settings, tmp_path):
    """Reports run in the request (no thread) and store their files in a scratch folder."""
    settings.SANXIN_REPORTS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Pipeline:
    wind: object  # member's, Sichuan, construction, 100 MW, 500 M CNY, two appraisals
    storage: object  # partner's, Vietnam, agreement signed, 200 MWh, 10 M USD, one appraisal
    recycling: object  # the alliance's, no owner, idea, 50 t/yr... in VND (no rate)
    own: object  # the member's, visible to its own organization only
    outside: object  # the other alliance's member's: never in this alliance's figures
    event: object
    sichuan: object
    latest_wind: object
    storage_appraisal: object


@pytest.fixture
def pipeline(world) -> Pipeline:
    sichuan = Region.objects.get(country="CN", name_en__icontains="Sichuan")
    ExchangeRateFactory(currency=Currency.USD, on=dt.date(2024, 1, 1), rate=Decimal("7.1000"))
    wind = ProjectFactory(
        title_en="Liangshan wind farm",
        title_zh="凉山风电场",
        title_vi="Trang trại gió Lương Sơn",
        owner=world.member_org,
        alliance=world.alliance,
        province=sichuan,
        stage=Stage.CONSTRUCTION,
        capacity=Decimal("100.000"),
        investment=Decimal("500000000.00"),
    )
    storage = ProjectFactory(
        title_en="Hai Phong battery storage",
        title_vi="Lưu trữ pin Hải Phòng",
        owner=world.partner_org,
        project_type=ProjectType.BATTERY_STORAGE,
        country="VN",
        stage=Stage.AGREEMENT,
        capacity=Decimal("200.000"),
        capacity_unit="MWh",
        investment=Decimal("10000000.00"),
        currency=Currency.USD,
    )
    recycling = ProjectFactory(
        title_en="Battery recycling plant",
        owner=None,
        alliance=world.alliance,
        project_type=ProjectType.BATTERY_RECYCLING,
        country="VN",
        stage=Stage.IDEA,
        capacity=Decimal("50.000"),
        capacity_unit="t/yr",
        investment=Decimal("1000000000.00"),
        currency=Currency.VND,
    )
    own = ProjectFactory(
        title_en="Secret gearbox line",
        owner=world.member_org,
        project_type=ProjectType.EQUIPMENT_MANUFACTURING,
        confidentiality=Confidentiality.OWN,
        stage=Stage.PROPOSED,
        capacity=None,
        capacity_unit="",
        investment=Decimal("20000000.00"),
    )
    outside = ProjectFactory(title_en="Other alliance's plant", owner=world.other_org)
    AppraisalFactory(project=wind, scenario="First look", inputs={"capacity_factor": 0.25})
    latest_wind = AppraisalFactory(project=wind, scenario="Base case")
    storage_appraisal = AppraisalFactory(project=storage, scenario="Storage", inputs=STORAGE_INPUTS)
    AppraisalFactory(project=outside, scenario="Outside")
    today = timezone.localdate()
    event = EventFactory(
        alliance=world.alliance,
        title_en="Chengdu symposium",
        title_zh="成都研讨会",
        start_date=today,
        end_date=today,
        audience=EventAudience.ALLIANCE,
    )
    member_reg = RegistrationFactory(event=event, person=world.member)
    partner_reg = RegistrationFactory(event=event, person=world.partner)
    meeting = MeetingFactory(
        request=MeetingRequestFactory(sender=member_reg, recipient=partner_reg, status="accepted"),
        attendance="held",
    )
    OutcomeFactory(meeting=meeting, registration=member_reg, result="agreement", project=wind)
    CarbonTarget.objects.create(
        alliance=world.alliance, year=today.year, tco2_per_year=Decimal("500000.0")
    )
    return Pipeline(
        wind=wind,
        storage=storage,
        recycling=recycling,
        own=own,
        outside=outside,
        event=event,
        sichuan=sichuan,
        latest_wind=latest_wind,
        storage_appraisal=storage_appraisal,
    )
