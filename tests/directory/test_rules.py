"""The django-rules permissions give the same answers as the domain's powers."""

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("other_alliance", False),
        ("member", False),
        ("partner", False),
        ("org_admin", True),
        ("secretariat", True),
        ("admin", True),
    ],
)
def test_change_organization_perm(world, role, expected):
    person = world.person(role)
    assert person.has_perm("directory.change_organization", world.member_org) is expected


def test_only_secretariat_and_admin_manage_the_alliance(world):
    assert world.secretariat.has_perm("directory.manage_alliance", world.alliance) is True
    assert world.org_admin.has_perm("directory.manage_alliance", world.alliance) is False
    assert world.other.has_perm("directory.manage_alliance", world.alliance) is False
