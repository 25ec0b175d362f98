"""Every list page and API list runs the same number of queries for 1 and for 3 rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxin.events.domain.scheduling import request_schedule, run_schedule
from sanxin.events.enums import RequestStatus
from tests.events.conftest import client_for_role
from tests.events.factories import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.integration


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add(world, event, member_reg, n: int, offset: int) -> None:
    """n more participants, each with an accepted request to the member, and n more events."""
    for i in range(n):
        org = OrganizationFactory(slug=f"extra-{offset + i}")
        reg = RegistrationFactory(event=event, person=PersonFactory(organization=org))
        MeetingRequestFactory(sender=reg, recipient=member_reg, status=RequestStatus.ACCEPTED)
        EventFactory(alliance=world.alliance)


def _solve(event) -> None:
    run = request_schedule(actor=None, event=event)
    run_schedule(run_id=run.pk, time_limit=5)


PAGES = {
    "event_list": "/en/events/",
    "participants": "/en/events/{e}/participants/",
    "requests": "/en/events/{e}/requests/",
    "agenda": "/en/events/{e}/agenda/",
    "tables": "/en/events/{e}/tables/",
    "schedule": "/en/events/{e}/schedule/",
    "api_events": "/api/events",
    "api_participants": "/api/events/{e}/participants",
    "api_requests": "/api/events/{e}/requests",
    "api_meetings": "/api/events/{e}/meetings",
}


@pytest.mark.parametrize("role", ["member", "secretariat"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_constant_queries(world, symposium, role, page, django_assert_num_queries):
    if page in ("tables", "schedule") and role == "member":
        pytest.skip("organiser pages")
    event = symposium.event
    event.tables_per_slot = 5
    event.save()
    url = PAGES[page].format(e=event.pk)
    client = client_for_role(world, role)
    _add(world, event, symposium.member, 1, 0)
    _solve(event)
    one = _count(client, url)
    _add(world, event, symposium.member, 2, 1)
    _solve(event)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.status_code == 200
