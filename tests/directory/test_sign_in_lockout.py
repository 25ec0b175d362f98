"""Sign-in attempts are rate-limited: after repeated failures the user name is locked out from
that address for a while, with a clear, translated page; other people are not affected."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.integration

PASSWORD = "a long and correct passphrase"


@pytest.fixture
def person(db):
    person = PersonFactory(username="lan.nguyen")
    person.set_password(PASSWORD)
    person.save()
    return person


def _try(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_user_name_out_even_with_the_right_password(
    client, person, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = _try(client, person.username, "wrong")
        assert response.status_code == 200
        assert "do not match" in response.content.decode()
    locked = _try(client, person.username, "wrong")
    assert locked.status_code == 429
    assert "Please try again in 15 minutes." in locked.content.decode()
    # Now even the right password is refused, and nobody is signed in.
    again = _try(client, person.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_translated(client, person):
    for _ in range(5):
        _try(client, person.username, "wrong")
    response = client.post(
        reverse("login").replace("/en/", "/vi/"),
        {"username": person.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    assert "Vui lòng thử lại sau 15 phút." in response.content.decode()


def test_other_addresses_and_other_people_can_still_sign_in(client, person, django_user_model):
    for _ in range(5):
        _try(client, person.username, "wrong")
    from_elsewhere = _try(client, person.username, PASSWORD, address="198.51.100.20")
    assert from_elsewhere.status_code == 302
    colleague = PersonFactory(username="minh.tran")
    colleague.set_password(PASSWORD)
    colleague.save()
    assert _try(client, colleague.username, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, person):
    for _ in range(4):
        _try(client, person.username, "wrong")
    assert _try(client, person.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _try(client, person.username, "wrong").status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client, person):
    for n in range(6):
        response = client.post(
            reverse("login"),
            {"username": person.username, "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert response.status_code == 429
