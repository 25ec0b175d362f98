"""Funding per source (committed vs arrived), exchange rates, follow-up actions and reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.projects.domain.access import viewer_for
from sanxin.projects.domain.followups import (
    add_follow_up,
    complete_follow_up,
    remind_follow_ups,
)
from sanxin.projects.domain.funding import (
    add_funding_source,
    record_funding,
    set_exchange_rate,
    source_totals,
)
from sanxin.projects.domain.queries import my_follow_ups
from sanxin.projects.enums import ConsortiumStatus, Currency, FollowUpStatus
from sanxin.projects.enums import FundingEntryKind as K
from sanxin.projects.models import ExchangeRate, FundingEntry, Notification
from tests.projects.factories import ConsortiumRoleFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, title_en="Quang Tri wind")


def test_committed_and_arrived_per_source(world, project):
    bank = add_funding_source(
        actor=world.member, project=project, label="Policy bank", currency=Currency.USD
    )
    record_funding(
        actor=world.member,
        source=bank,
        kind=K.COMMITTED,
        amount=Decimal("100"),
        on=dt.date(2025, 1, 1),
    )
    record_funding(
        actor=world.member,
        source=bank,
        kind=K.ARRIVED,
        amount=Decimal("30"),
        on=dt.date(2025, 3, 1),
    )
    record_funding(
        actor=world.member,
        source=bank,
        kind=K.ARRIVED,
        amount=Decimal("20"),
        on=dt.date(2025, 5, 1),
    )
    assert source_totals(bank) == {"committed": Decimal("100"), "arrived": Decimal("50")}
    with pytest.raises(ValidationError) as exc:
        record_funding(
            actor=world.member,
            source=bank,
            kind=K.ARRIVED,
            amount=Decimal("50.01"),
            on=dt.date(2025, 6, 1),
        )
    assert exc.value.message_dict == {
        "amount": [
            "Only 100.00 USD has been committed by this source and 50.00 USD has arrived; "
            "record the commitment first."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        record_funding(
            actor=world.member,
            source=bank,
            kind=K.COMMITTED,
            amount=Decimal("0"),
            on=dt.date(2025, 6, 1),
        )
    assert exc.value.message_dict == {"amount": ["Give an amount greater than zero."]}
    assert FundingEntry.objects.count() == 3


def test_funding_is_for_the_project_team(world, project):
    with pytest.raises(PermissionDenied):
        add_funding_source(actor=world.partner, project=project, label="x")
    ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.CONFIRMED
    )
    assert add_funding_source(actor=world.partner, project=project, label="x").label == "x"


def test_exchange_rates_by_date(world):
    set_exchange_rate(
        actor=world.secretariat, currency="USD", on=dt.date(2025, 1, 1), rate=Decimal("7.1")
    )
    set_exchange_rate(
        actor=world.admin, currency="USD", on=dt.date(2025, 1, 1), rate=Decimal("7.15")
    )
    assert list(ExchangeRate.objects.values_list("currency", "on", "rate")) == [
        ("USD", dt.date(2025, 1, 1), Decimal("7.15000000"))
    ]
    with pytest.raises(PermissionDenied):
        set_exchange_rate(
            actor=world.member, currency="VND", on=dt.date(2025, 1, 1), rate=Decimal("0.00028")
        )
    with pytest.raises(ValidationError):
        set_exchange_rate(
            actor=world.admin, currency="CNY", on=dt.date(2025, 1, 1), rate=Decimal("1")
        )


def test_follow_ups_mine_and_done(world, project):
    item = add_follow_up(
        actor=world.org_admin,
        project=project,
        data={"title": "Send the term sheet", "owner": world.member, "due": dt.date(2025, 7, 1)},
    )
    other = FollowUpFactory(project=project, owner=world.org_admin)
    assert list(my_follow_ups(viewer_for(world.member))) == [item]
    item = complete_follow_up(actor=world.member, follow_up=item)
    assert (item.status, item.done_on is not None) == (FollowUpStatus.DONE, True)
    assert list(my_follow_ups(viewer_for(world.member))) == []
    assert list(my_follow_ups(viewer_for(world.member), include_closed=True)) == [item]
    with pytest.raises(PermissionDenied):
        complete_follow_up(actor=world.other, follow_up=other)


def test_a_follow_up_owner_must_see_the_project(world, project):
    with pytest.raises(ValidationError) as exc:
        add_follow_up(
            actor=world.org_admin,
            project=project,
            data={"title": "Call", "owner": world.other, "due": dt.date(2025, 7, 1)},
        )
    assert exc.value.message_dict == {
        "owner": ["This person cannot see the project; choose someone who can."]
    }


def test_reminders_once_a_week(world, project, mailoutbox, django_capture_on_commit_callbacks):
    FollowUpFactory(
        project=project, owner=world.member, title="Call the bank", due=dt.date(2025, 7, 2)
    )
    FollowUpFactory(project=project, owner=world.member, title="Later", due=dt.date(2025, 9, 1))
    FollowUpFactory(
        project=project,
        owner=world.member,
        title="Done",
        due=dt.date(2025, 6, 1),
        status=FollowUpStatus.DONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_follow_ups(dt.date(2025, 7, 1)) == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([world.member.email], "Follow-up due on 2025-07-02: Call the bank")
    ]
    assert Notification.objects.get().person == world.member
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_follow_ups(dt.date(2025, 7, 3)) == 0
        assert remind_follow_ups(dt.date(2025, 7, 8)) == 1
    assert len(mailoutbox) == 2
