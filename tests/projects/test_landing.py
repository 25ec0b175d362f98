"""Landing ratios on a hand-built set of projects, with exact fractions."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from sanxin.projects.domain.access import viewer_for, visible_projects
from sanxin.projects.domain.landing import RATIO_DEFINITIONS, landing_ratios
from sanxin.projects.domain.stages import set_project_stage
from sanxin.projects.enums import Currency, FundingEntryKind, Stage
from sanxin.projects.models import Project
from tests.projects.factories import (
    ExchangeRateFactory,
    FundingEntryFactory,
    FundingSourceFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.integration

S = Stage
ON = dt.date(2025, 7, 1)


@pytest.fixture
def hand_built(world):
    """stage / furthest stage reached, for 11 projects of the member organization."""
    rows = {
        "A": (S.IDEA, S.IDEA),
        "B": (S.PROPOSED, S.PROPOSED),
        "C": (S.AGREEMENT, S.AGREEMENT),
        "D": (S.FINANCING, S.FINANCING),
        "E": (S.CONSTRUCTION, S.CONSTRUCTION),
        "F": (S.COMMISSIONING, S.COMMISSIONING),
        "G": (S.OPERATION, S.OPERATION),
        "H": (S.ON_HOLD, S.CONSTRUCTION),
        "I": (S.CANCELLED, S.AGREEMENT),
        "J": (S.CANCELLED, S.COMMISSIONING),
        "K": (S.ON_HOLD, S.FINANCING),
    }
    made = {
        key: ProjectFactory(
            title_en=key, owner=world.member_org, stage=stage, furthest_stage=furthest
        )
        for key, (stage, furthest) in rows.items()
    }
    cny = FundingSourceFactory(project=made["E"], currency=Currency.CNY)
    FundingEntryFactory(source=cny, kind=FundingEntryKind.COMMITTED, amount=Decimal("1000"))
    FundingEntryFactory(source=cny, kind=FundingEntryKind.ARRIVED, amount=Decimal("600"))
    # After the reporting date: not counted.
    FundingEntryFactory(
        source=cny, kind=FundingEntryKind.ARRIVED, amount=Decimal("400"), on=dt.date(2025, 8, 1)
    )
    usd = FundingSourceFactory(project=made["G"], currency=Currency.USD)
    FundingEntryFactory(source=usd, kind=FundingEntryKind.COMMITTED, amount=Decimal("100"))
    FundingEntryFactory(source=usd, kind=FundingEntryKind.ARRIVED, amount=Decimal("50"))
    ExchangeRateFactory(currency=Currency.USD, on=dt.date(2025, 1, 1), rate=Decimal("7.2"))
    ExchangeRateFactory(currency=Currency.USD, on=dt.date(2025, 6, 1), rate=Decimal("7.0"))
    ExchangeRateFactory(currency=Currency.USD, on=dt.date(2025, 9, 1), rate=Decimal("9.9"))
    vnd = FundingSourceFactory(project=made["J"], currency=Currency.VND)  # no VND rate
    FundingEntryFactory(source=vnd, kind=FundingEntryKind.COMMITTED, amount=Decimal("1000000"))
    return made


def test_ratios_of_the_hand_built_set(hand_built):
    ratios = landing_ratios(Project.objects.all(), on=ON)
    # Reached agreement: C D E F G H I J K (9); of these reached construction: E F G H J (5).
    assert (ratios.agreements_fulfilled.numerator, ratios.agreements_fulfilled.denominator) == (
        5,
        9,
    )
    assert ratios.agreements_fulfilled.value == Fraction(5, 9)
    # Not cancelled and reached agreement: C D E F G H K (7); reached construction: E F G H (4).
    assert ratios.construction_started.value == Fraction(4, 7)
    # Not cancelled and reached construction: E F G H (4); reached operation: G (1).
    assert ratios.in_operation.value == Fraction(1, 4)
    # CNY 600 + USD 50 × 7.0 = 950 arrived of CNY 1000 + USD 100 × 7.0 = 1700 committed.
    assert (ratios.funds_arrived.numerator, ratios.funds_arrived.denominator) == (950, 1700)
    assert ratios.funds_arrived.value == Fraction(19, 34)
    assert ratios.missing_rates == ("VND",)
    assert [r.percent for r in ratios] == [
        Decimal("55.6"),
        Decimal("57.1"),
        Decimal("25.0"),
        Decimal("55.9"),
    ]


def test_every_ratio_has_its_definition(hand_built):
    ratios = landing_ratios(Project.objects.all(), on=ON)
    assert [(r.key, r.definition) for r in ratios] == [
        (key, str(text)) for key, text in RATIO_DEFINITIONS.items()
    ]
    assert ratios.agreements_fulfilled.name == "Agreements fulfilled (履约率)"


def test_a_subset_is_measured_on_its_own(hand_built):
    subset = Project.objects.filter(title_en__in=["E", "G", "I"])
    ratios = landing_ratios(subset, on=ON)
    assert [r.value for r in ratios] == [
        Fraction(2, 3),
        Fraction(2, 2),
        Fraction(1, 2),
        Fraction(950, 1700),
    ]


def test_an_empty_set_has_no_ratios(db):
    ratios = landing_ratios(Project.objects.none(), on=ON)
    assert [(r.value, r.percent) for r in ratios] == [(None, None)] * 4


def test_moving_a_project_changes_the_ratios(world, hand_built):
    before = landing_ratios(Project.objects.all(), on=ON).construction_started.value
    set_project_stage(actor=world.org_admin, project=hand_built["D"], stage=S.CONSTRUCTION)
    after = landing_ratios(Project.objects.all(), on=ON).construction_started.value
    assert (before, after) == (Fraction(4, 7), Fraction(5, 7))


def test_ratios_follow_what_the_viewer_may_see(world, hand_built):
    hidden = ProjectFactory(owner=world.other_org, stage=S.AGREEMENT)
    member_set = visible_projects(viewer_for(world.member))
    assert hidden not in member_set
    assert landing_ratios(member_set, on=ON).agreements_fulfilled.value == Fraction(5, 9)
