"""The history lists changed fields by their translated labels, not their code names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxin.directory.domain.organizations import update_organization
from tests.conftest import client_for

pytestmark = pytest.mark.integration


def test_a_changed_field_shows_by_its_label_in_each_language(world):
    org = world.member_org
    update_organization(
        actor=world.org_admin, organization=org, data={"website": "https://new.example"}
    )
    client = client_for(world, "org_admin")
    url = reverse("org_history", args=[org.slug])
    english = client.get(url).content.decode()
    assert "<li>website: <del>" in english or "<li>website: <ins>" in english
    chinese = client.get(url.replace("/en/", "/zh-hans/", 1)).content.decode()
    assert "<li>网站: " in chinese
    assert "<li>website: " not in chinese


def test_a_reverse_relation_shows_by_its_models_plural_name(world):
    from sanxin.common.models import AuditEntry
    from sanxin.common.templatetags.sanxin import field_label

    entry = AuditEntry(object_type="directory.organization")
    assert field_label(entry, "capacities") == "capacities"
    assert field_label(entry, "website") == "website"
    assert field_label(entry, "no_such_field") == "no_such_field"
    assert field_label(AuditEntry(object_type="nowhere.model"), "x") == "x"


def test_the_same_word_in_two_senses_has_two_translations():
    from django.utils import translation

    from sanxin.projects.models import FollowUp, Project

    with translation.override("zh-hans"):
        labels = [
            str(Project._meta.get_field("owner").verbose_name),
            str(FollowUp._meta.get_field("owner").verbose_name),
            str(FollowUp._meta.get_field("title").verbose_name),
        ]
    assert labels == ["业主单位", "负责人", "事项"]
