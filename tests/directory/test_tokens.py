"""API tokens: created once, stored hashed, revocable only by their owner."""

import pytest
from django.urls import reverse

from sanxin.common.models import ApiToken
from sanxin.common.models.tokens import hash_token
from sanxin.directory.domain.people import create_api_token, person_for_token

pytestmark = pytest.mark.integration


def test_create_token_shows_key_once_and_stores_hash(client, world):
    client.force_login(world.member)
    response = client.post(reverse("token_list"), {"name": "ERP sync", "valid_days": 30})
    key = response.context["new_key"]
    assert key.startswith("sx_")
    token = ApiToken.objects.get(person=world.member)
    assert token.key_hash == hash_token(key)
    assert key not in (token.prefix + token.key_hash)
    assert person_for_token(key) == world.member
    again = client.get(reverse("token_list"))
    assert again.context["new_key"] is None


def test_token_needs_a_name(client, world):
    client.force_login(world.member)
    response = client.post(reverse("token_list"), {"name": "", "valid_days": 30})
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other_alliance", 404),
        ("partner", 404),
        ("member", 302),
        ("admin", 404),
    ],
)
def test_revoke_only_own_token(client, world, role, status):
    token, key = create_api_token(actor=world.member, name="t")
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    response = client.post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == status
    token.refresh_from_db()
    if role == "member":
        assert token.revoked is not None
        assert person_for_token(key) is None
    else:
        assert token.revoked is None
