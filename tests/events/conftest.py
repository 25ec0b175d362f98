"""The world, extended with an alliance symposium: the member, the partner and the org admin
registered; a guest, the other alliance's admin and anonymous visitors outside it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sanxin.events.enums import RegistrationKind
from tests.events.factories import EventFactory, RegistrationFactory

#: The roles of the events access matrix: the world's, plus a guest (a person without a
#: member organization, who may register for events but is anonymous to the directory).
EVENT_ROLES = (
    "anonymous",
    "other_alliance",
    "member",
    "partner",
    "org_admin",
    "secretariat",
    "admin",
    "guest",
)


def person_for(world, role: str):
    return world.guest if role == "guest" else world.person(role)


def client_for_role(world, role: str):
    from django.test import Client

    client = Client()
    person = person_for(world, role)
    if person is not None:
        client.force_login(person)
    return client


@dataclass
class Symposium:
    event: object
    member: object
    partner: object
    org_admin: object


@pytest.fixture
def symposium(world) -> Symposium:
    event = EventFactory(alliance=world.alliance, title_en="Chengdu new-energy symposium")
    return Symposium(
        event=event,
        member=RegistrationFactory(event=event, person=world.member),
        partner=RegistrationFactory(
            event=event, person=world.partner, languages=["vi", "en"], offers="Battery packs"
        ),
        org_admin=RegistrationFactory(
            event=event, person=world.org_admin, listed=False, kind=RegistrationKind.MEMBER
        ),
    )
