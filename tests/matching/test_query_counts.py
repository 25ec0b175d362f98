"""Query-count guards: the panels, pages and API lists cost the same with 1 and 3 results.

Each page is asked twice at each size: the first request after a change re-reads the
records into the process's matcher; the second is what a reader waits for, and is counted.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxin.common.enums import Confidentiality
from sanxin.directory.enums import OfferKind, OrgType
from sanxin.projects.enums import Stage
from tests.conftest import client_for
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import OfferFactory, PersonFactory, capability
from tests.matching.conftest import org
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def _add(world, event, n: int, start: int) -> None:
    """``n`` public EPC contractors and recyclers outside the alliance (a link no member
    covers), each with a public project, an open request and a listed participant."""
    for i in range(start, start + n):
        made = org(
            f"epc-{i}",
            ("epc-contracting", "recycling-battery"),
            country="VN",
            name_en=f"EPC {i}",
            confidentiality=Confidentiality.PUBLIC,
        )
        ProjectFactory(
            owner=made,
            alliance=world.alliance,
            country="VN",
            stage=Stage.PROPOSED,
            confidentiality=Confidentiality.PUBLIC,
            title_en=f"Wind farm {i}",
        )
        offer = OfferFactory(
            organization=made,
            kind=OfferKind.REQUEST,
            confidentiality=Confidentiality.PUBLIC,
            title_en=f"We seek gearboxes {i}",
        )
        offer.capabilities.set([capability("wind-gearboxes")])
        RegistrationFactory(event=event, person=PersonFactory(organization=made))


def _queries(client, url: str) -> tuple[int, bytes]:
    client.get(url)  # the first request after a change refreshes the matcher
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content


PAGES = {
    "partners": lambda w, x: reverse("match_project_partners", args=[x["project"].pk]),
    "organization": lambda w, x: reverse("match_organization", args=[w.public_org.slug]),
    "meetings": lambda w, x: reverse("match_event_meetings", args=[x["event"].pk]),
    "invitations": lambda w, x: reverse("match_invitations"),
    "consortium": lambda w, x: reverse("match_consortium", args=[x["project"].pk]),
    "api_partners": lambda w, x: f"/api/matching/projects/{x['project'].pk}/partners",
    "api_projects": lambda w, x: f"/api/matching/organizations/{w.public_org.slug}/projects",
    "api_offers": lambda w, x: f"/api/matching/organizations/{w.public_org.slug}/offers",
    "api_meetings": lambda w, x: f"/api/matching/events/{x['event'].pk}/meetings",
    "api_invitations": lambda w, x: "/api/matching/invitations",
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_constant_queries(world, page, django_assert_num_queries):
    bank = world.public_org
    bank.org_type = OrgType.FINANCIAL
    bank.save()
    bank.capabilities.set([capability("wind-gearboxes"), capability("finance-lending")])
    project = ProjectFactory(
        owner=world.secretariat_org,
        alliance=world.alliance,
        country="VN",
        stage=Stage.PROPOSED,
        title_en="Quang Tri wind farm",
    )
    event = EventFactory(alliance=world.alliance)
    RegistrationFactory(event=event, person=world.secretariat)
    extra = {"project": project, "event": event}
    client = client_for(world, "secretariat")
    url = PAGES[page](world, extra)
    _add(world, event, 1, 0)
    one, body = _queries(client, url)
    assert b"EPC 0" in body or b"Wind farm 0" in body or b"gearboxes 0" in body
    _add(world, event, 2, 1)
    client.get(url)
    with django_assert_num_queries(one):
        response = client.get(url)
    for i in range(3):
        assert any(
            f"{label} {i}".encode() in response.content
            for label in ("EPC", "Wind farm", "gearboxes")
        ), (page, i)
