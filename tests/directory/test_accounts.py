"""Sign in, sign out and password reset."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.integration


def test_sign_in_and_out(client, world):
    response = client.post(
        reverse("login"), {"username": "member", "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == world.member
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_wrong_password_says_what_to_fix(client, world):
    response = client.post(reverse("login"), {"username": "member", "password": "nope"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_password_reset_round_trip(client, world, mailoutbox):
    client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url,
        {
            "new_password1": "a new long passphrase 2026",
            "new_password2": "a new long passphrase 2026",
        },
    )
    assert response.status_code == 302
    signed_in = client.post(
        reverse("login"), {"username": "member", "password": "a new long passphrase 2026"}
    )
    assert signed_in.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("vi", "Mở liên kết sau để chọn mật khẩu mới:"),
        ("zh-hans", "请打开以下链接设置新密码："),
        ("en", "Open this link to choose a new password:"),
    ],
)
def test_password_reset_mail_in_the_users_language(client, world, mailoutbox, lang, line):
    client.post(f"/{lang}/accounts/password/reset/", {"email": "member@example.org"})
    assert line in mailoutbox[0].body.splitlines()
