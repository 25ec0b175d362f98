"""Shared fixtures: one alliance world with a person for each role."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    alliance: Any
    other_alliance: Any
    secretariat_org: Any
    member_org: Any
    partner_org: Any
    other_org: Any
    public_org: Any
    admin: Any
    secretariat: Any
    org_admin: Any
    member: Any
    partner: Any
    other: Any
    guest: Any

    def person(self, role: str) -> Any:
        return {
            "anonymous": None,
            "other_alliance": self.other,
            "member": self.member,
            "partner": self.partner,
            "org_admin": self.org_admin,
            "secretariat": self.secretariat,
            "admin": self.admin,
        }[role]


ROLES = ("anonymous", "other_alliance", "member", "partner", "org_admin", "secretariat", "admin")


@pytest.fixture
def world(db) -> World:
    # Imported here so that the pure engine tests run without Django (-p no:django).
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.enums import MembershipStatus, PersonRole
    from tests.factories import (
        AllianceFactory,
        MembershipFactory,
        OrganizationFactory,
        PersonFactory,
    )

    secretariat_org = OrganizationFactory(
        slug="secretariat", name_en="Southwest Investment Co.", name_zh="西南投资公司"
    )
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    other_sec = OrganizationFactory(slug="other-secretariat")
    other_alliance = AllianceFactory(slug="other", secretariat=other_sec)
    member_org = OrganizationFactory(slug="member-org", name_en="Member Gearbox Co.")
    partner_org = OrganizationFactory(slug="partner-org", name_en="Partner Battery Co.")
    other_org = OrganizationFactory(slug="other-org", name_en="Other Alliance Co.")
    public_org = OrganizationFactory(
        slug="public-org", name_en="Public Bank", confidentiality=Confidentiality.PUBLIC
    )
    for org in (secretariat_org, member_org, partner_org, public_org):
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    MembershipFactory(alliance=other_alliance, organization=other_org)
    MembershipFactory(alliance=other_alliance, organization=other_sec)
    return World(
        alliance=alliance,
        other_alliance=other_alliance,
        secretariat_org=secretariat_org,
        member_org=member_org,
        partner_org=partner_org,
        other_org=other_org,
        public_org=public_org,
        admin=PersonFactory(username="admin", organization=None, is_superuser=True, is_staff=True),
        secretariat=PersonFactory(
            username="secretariat", organization=secretariat_org, role=PersonRole.SECRETARIAT
        ),
        org_admin=PersonFactory(
            username="orgadmin", organization=member_org, role=PersonRole.ORG_ADMIN
        ),
        member=PersonFactory(username="member", organization=member_org, role=PersonRole.MEMBER),
        partner=PersonFactory(
            username="partner", organization=partner_org, role=PersonRole.ORG_ADMIN
        ),
        other=PersonFactory(username="other", organization=other_org, role=PersonRole.ORG_ADMIN),
        guest=PersonFactory(username="guest", organization=None, role=PersonRole.GUEST),
    )


def client_for(world, role: str):
    """A Django test client signed in as ``role`` of the world (anonymous: not signed in)."""
    from django.test import Client

    client = Client()
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English; a request in another language must not leak into the next."""
    from django.conf import settings

    if not settings.configured:  # the engines' tests may run without Django (-p no:django)
        yield
        return
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


def pytest_configure(config):
    """Compile the translation catalogs when they are missing or stale (no gettext needed)."""
    from sanxin.common.catalogs import compile_catalogs

    compile_catalogs()


@pytest.fixture
def page_cache(settings):
    """The page cache on: on the shared Redis cache when SANXIN_TEST_CACHE_URL names a Redis
    database (``.ci/run`` sets it for the PostgreSQL run), else on Django's memory cache."""
    from django.core.cache import cache

    cache_url = os.environ.get("SANXIN_TEST_CACHE_URL", "")
    if cache_url:
        settings.CACHES = {
            "default": {
                "BACKEND": "sanxin.common.redis_cache.SanxinRedisCache",
                "LOCATION": cache_url,
                "KEY_PREFIX": "sanxin-test",
            }
        }
    settings.SANXIN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
