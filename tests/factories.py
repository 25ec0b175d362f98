"""factory-boy factories for every model (pretalx policy: no fixtures files, no mocks)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from sanxin.common.enums import Confidentiality
from sanxin.directory.enums import MembershipStatus, OfferKind, PersonRole
from sanxin.directory.models import (
    Alliance,
    Capability,
    Capacity,
    Contact,
    Membership,
    Offer,
    Organization,
    Person,
    Region,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organization {n} Co., Ltd.")
    name_zh = factory.Sequence(lambda n: f"第{n}号组织有限公司")
    country = "CN"
    confidentiality = Confidentiality.ALLIANCE
    last_confirmed = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from sanxin.directory.domain.organizations import refresh_search_text

        obj = model_class(*args, **kwargs)
        refresh_search_text(obj)
        obj.save()
        return obj


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    slug = factory.Sequence(lambda n: f"alliance-{n}")
    name_en = factory.Sequence(lambda n: f"Alliance {n}")
    name_zh = factory.Sequence(lambda n: f"联盟{n}")
    secretariat = factory.SubFactory(OrganizationFactory)
    confidentiality = Confidentiality.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    alliance = factory.SubFactory(AllianceFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = MembershipStatus.ACTIVE
    since = factory.LazyFunction(lambda: dt.date(2023, 1, 1))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda p: f"{p.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    organization = factory.SubFactory(OrganizationFactory)
    role = PersonRole.MEMBER
    password = factory.django.Password("correct horse battery staple")


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capacity

    organization = factory.SubFactory(OrganizationFactory)
    value = 20
    unit = "GWh/yr"
    label = "cells"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    organization = factory.SubFactory(OrganizationFactory)
    kind = OfferKind.OFFER
    title_en = factory.Sequence(lambda n: f"We supply gearboxes, lot {n}")
    text_en = "20 MW-class gearboxes for offshore wind."
    confidentiality = Confidentiality.ALLIANCE


def capability(code: str) -> Capability:
    return Capability.objects.get(code=code)


def region(code: str) -> Region:
    return Region.objects.get(code=code)
