"""The django-rules permissions give the same answers as the domain's powers."""

import pytest

from sanxin.projects.enums import ConsortiumStatus
from tests.projects.factories import ConsortiumRoleFactory, DocumentFactory, ProjectFactory

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("role", "view", "change", "contribute"),
    [
        ("other_alliance", False, False, False),
        ("member", True, False, True),
        ("partner", True, False, True),  # confirmed consortium partner
        ("org_admin", True, True, True),
        ("secretariat", True, True, True),
        ("admin", True, True, True),
    ],
)
def test_project_perms(world, role, view, change, contribute):
    project = ProjectFactory(owner=world.member_org, confidentiality="own")
    ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.CONFIRMED
    )
    person = world.person(role)
    assert [
        person.has_perm("projects.view_project", project),
        person.has_perm("projects.change_project", project),
        person.has_perm("projects.contribute_to_project", project),
    ] == [view, change, contribute]


def test_answer_and_document_perms(world):
    project = ProjectFactory(owner=world.member_org)
    row = ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    assert [
        world.partner.has_perm("projects.answer_consortiumrole", row),
        world.org_admin.has_perm("projects.answer_consortiumrole", row),
    ] == [True, False]
    document = DocumentFactory(project=project)
    assert [
        world.org_admin.has_perm("projects.view_document", document),
        world.other.has_perm("projects.view_document", document),
    ] == [True, False]
