"""The page cache's early answer: a viewer known from their credentials alone, never after a
sign-out, a password change, a deactivation, a revocation or an expiry."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanxin.common.models.tokens import ApiToken
from sanxin.directory.domain.people import create_api_token
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

URL = "/en/o/member-org/"  # the member organization's profile: alliance members only
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def cached_sessions(settings, page_cache):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def _signed_in(world, role, capture):
    with capture(execute=True):  # the sign-in's writes, committed
        return client_for(world, role)


def _stolen(client) -> Client:
    """Another browser holding the same session cookie."""
    other = Client()
    other.cookies = client.cookies.__class__(client.cookies)
    return other


def test_a_known_session_is_answered_without_a_query(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    assert client.get(URL)["X-Cache"] == "miss"
    assert client.get(URL)["X-Cache"] == "hit"  # the full chain signed the session in again
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL)
    assert page["X-Cache"] == "hit"
    assert len(queries.captured_queries) == 0
    assert "Member Gearbox Co." in page.content.decode()


def test_a_session_signed_out_elsewhere_is_not_answered(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    copy = _stolen(client)
    for _ in range(3):
        assert copy.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/accounts/logout/").status_code == 302
    assert copy.get(URL).status_code == 404


@pytest.mark.parametrize("change", ["password", "deactivated"])
def test_a_changed_account_ends_its_other_sessions_at_once(
    world, cached_sessions, django_capture_on_commit_callbacks, change
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    copy = _stolen(client)
    for _ in range(3):
        assert copy.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        if change == "password":
            world.member.set_password("a-new-passphrase-for-2026")
        else:
            world.member.is_active = False
        world.member.save()
    assert copy.get(URL).status_code == 404
    assert client.get(URL).status_code == 404


def test_a_browser_without_a_csrf_cookie_is_handed_one_that_works(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    client.handler.enforce_csrf_checks = True
    for _ in range(2):
        client.get("/en/projects/")
    del client.cookies["csrftoken"]
    page = client.get("/en/projects/")
    assert page["X-Cache"] == "hit"
    assert "csrftoken" in page.cookies  # the full chain answered: a new CSRF cookie
    token = TOKEN.search(page.content.decode()).group(1)
    response = client.post("/en/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # accepted: not a CSRF 403


def test_an_early_answer_carries_the_headers_of_the_full_chain(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    drawn = client.get(URL)
    client.get(URL)
    early = client.get(URL)
    assert early["X-Cache"] == "hit"
    ignored = {"X-Cache", "Content-Length"}
    assert {k: v for k, v in drawn.items() if k not in ignored} == {
        k: v for k, v in early.items() if k not in ignored
    }
    assert early["Content-Length"] == str(len(early.content))
    assert "Content-Security-Policy" in early
    assert early["X-Frame-Options"] == "DENY"


def test_an_api_answer_follows_the_browsers_language(
    world, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, raw = create_api_token(actor=world.member, name="script")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/organizations", headers={"Accept-Language": "vi"})["X-Cache"] == "miss"
    assert client.get("/api/organizations", headers={"Accept-Language": "en"})["X-Cache"] == "miss"
    assert client.get("/api/organizations", headers={"Accept-Language": "vi"})["X-Cache"] == "hit"


def test_an_expired_token_is_refused_when_it_expires(
    world, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token, raw = create_api_token(actor=world.member, name="script")
        ApiToken.objects.filter(pk=token.pk).update(
            expires=timezone.now() + dt.timedelta(seconds=1)
        )
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/organizations").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/organizations").status_code == 200
    assert len(queries.captured_queries) == 0  # answered early until it expires
    time.sleep(1.1)
    assert client.get("/api/organizations").status_code == 401


def test_a_flash_message_is_shown_after_early_answers(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(owner=world.member_org, alliance=world.alliance)
        client = client_for(world, "member")
    url = f"/en/projects/{project.pk}/"
    for _ in range(3):
        client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/projects/{project.pk}/watch/", follow=True)
    assert "You follow this project" in response.content.decode()


def test_an_early_answer_speaks_the_pages_language(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    for _ in range(2):
        client.get("/vi/directory/")
    client.get("/en/directory/")  # the thread's last language is another one
    page = client.get("/vi/directory/")
    assert page["X-Cache"] == "hit"
    link = re.compile(r'<a href="(/[a-z-]+/notifications/)"[^>]*>([^<]+)<')
    drawn_link = link.search(page.content.decode())
    assert drawn_link.group(1) == "/vi/notifications/"
    assert drawn_link.group(2).strip() == "Thông báo"
