"""The Django admin shows projects and everything in them but never changes or deletes them:
that would skip the domain's checks, the version (optimistic locking) and the audit log.
Exchange rates are reference data and stay editable."""

import pytest
from django.urls import reverse

from sanxin.projects.models import Project
from tests.conftest import client_for
from tests.projects.factories import (
    ConsortiumRoleFactory,
    FundingEntryFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PhaseFactory,
    ProjectFactory,
    ProjectStageChangeFactory,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(world):
    return client_for(world, "admin")


def test_a_project_can_be_looked_at_but_not_changed_or_deleted(world, admin_client):
    project = ProjectFactory(title_en="Liangshan wind farm", owner=world.member_org)
    PhaseFactory(project=project, name_en="Phase 1")
    MilestoneFactory(project=project, title_en="168-hour trial run")
    ConsortiumRoleFactory(project=project, organization=world.partner_org)
    ProjectStageChangeFactory(project=project)
    change = reverse("admin:projects_project_change", args=[project.pk])
    page = admin_client.get(change)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Liangshan wind farm" in html
    assert "168-hour trial run" in html  # the inlines are shown, read only
    assert 'name="_save"' not in html  # no save button: read only
    refused = admin_client.post(change, {"title_en": "Renamed in the admin"})
    assert refused.status_code == 403
    delete = reverse("admin:projects_project_delete", args=[project.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    project.refresh_from_db()
    assert (project.title_en, project.version) == ("Liangshan wind farm", 1)
    assert admin_client.get(reverse("admin:projects_project_add")).status_code == 403
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    "model",
    [
        "project",
        "consortiumrole",
        "milestone",
        "fundingsource",
        "followup",
        "document",
        "watcher",
        "notification",
    ],
)
def test_every_project_record_is_read_only(admin_client, model):
    assert admin_client.get(reverse(f"admin:projects_{model}_add")).status_code == 403
    assert admin_client.get(reverse(f"admin:projects_{model}_changelist")).status_code == 200


def test_a_funding_source_with_its_entries_is_read_only(admin_client):
    source = FundingSourceFactory(label="Bank of Sichuan")
    FundingEntryFactory(source=source)
    change = reverse("admin:projects_fundingsource_change", args=[source.pk])
    page = admin_client.get(change)
    assert (page.status_code, 'name="_save"' in page.content.decode()) == (200, False)
    assert admin_client.post(change, {"label": "Renamed"}).status_code == 403
    source.refresh_from_db()
    assert source.label == "Bank of Sichuan"


def test_exchange_rates_stay_editable_reference_data(admin_client):
    assert admin_client.get(reverse("admin:projects_exchangerate_add")).status_code == 200
