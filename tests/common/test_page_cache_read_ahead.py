"""Reads of the shared cache gathered into one round trip: a known viewer's cached page takes one
read; a wrong guess of the viewer never serves another's page; generations read ahead are noted
only for the tables a drawn page reads."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from sanxin.common import page_viewers, read_ahead
from sanxin.common.freshness import generation_key, start_reading, stop_reading
from sanxin.directory.models import Organization
from tests.conftest import client_for

URL = "/en/o/member-org/"


@pytest.fixture
def cached_sessions(settings, page_cache):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cache_reads(monkeypatch):
    """Every read of the shared cache's backend, as the list of keys asked for (a backend's
    ``get_many`` made of ``get`` calls counts once)."""
    backend = type(caches["default"])
    reads: list[list[str]] = []
    inside = []

    def counted(method, keys_of):
        def read(self, keys, *args, **kwargs):
            if not inside:
                reads.append(keys_of(keys))
            inside.append(True)
            try:
                return method(self, keys, *args, **kwargs)
            finally:
                inside.pop()

        return read

    monkeypatch.setattr(backend, "get", counted(backend.get, lambda key: [key]))
    monkeypatch.setattr(backend, "get_many", counted(backend.get_many, list))
    return reads


_TOKENS = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def _without_tokens(body: bytes) -> bytes:
    """The page with its CSRF tokens (masked anew for every answer) left out."""
    return _TOKENS.sub(b"", body)


def _signed_in(world, role, capture):
    with capture(execute=True):
        return client_for(world, role)


def test_a_known_viewers_cached_page_takes_one_read_of_the_shared_cache(
    world, cached_sessions, django_capture_on_commit_callbacks, cache_reads
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    for _ in range(3):
        client.get(URL)
    cache_reads.clear()
    page = client.get(URL)
    assert page["X-Cache"] == "hit"
    assert len(cache_reads) == 1  # credential, entry, generations, notifications badge at once
    assert "/en/notifications/" in page.content.decode()  # the late fragment, filled in


def test_an_unknown_credential_still_takes_no_more_than_two_reads(
    world, cached_sessions, django_capture_on_commit_callbacks, cache_reads
):
    client = _signed_in(world, "member", django_capture_on_commit_callbacks)
    for _ in range(3):
        client.get(URL)
    page_viewers._LAST_FOUND.clear()  # another process: it never saw this session
    cache_reads.clear()
    assert client.get(URL)["X-Cache"] == "hit"
    assert len(cache_reads) == 2  # the credential; then the entry with all it needs


def test_a_wrong_guess_never_serves_the_guessed_persons_page(
    world, cached_sessions, django_capture_on_commit_callbacks
):
    admin = _signed_in(world, "admin", django_capture_on_commit_callbacks)
    member = _signed_in(world, "member", django_capture_on_commit_callbacks)
    for _ in range(3):
        admin.get("/en/directory/")
        member.get("/en/directory/")
    admins_page = _without_tokens(admin.get("/en/directory/").content)
    members_page = _without_tokens(member.get("/en/directory/").content)
    assert admins_page != members_page
    # this process wrongly believes the member's session belongs to the admin
    for pointer, identity in list(page_viewers._LAST_FOUND.items()):
        if identity == f"p{world.member.pk}":
            page_viewers._LAST_FOUND[pointer] = f"p{world.admin.pk}"
    page = member.get("/en/directory/")
    assert page["X-Cache"] == "hit"
    assert _without_tokens(page.content) == members_page


def test_read_ahead_asks_for_wanted_keys_with_the_next_read(page_cache, cache_reads):
    caches["default"].set_many({"sanxin:test:a": 1, "sanxin:test:b": 2})
    cache_reads.clear()
    with read_ahead.read_ahead() as ahead:
        ahead.want(["sanxin:test:b", "sanxin:test:missing"])
        assert read_ahead.get_many(["sanxin:test:a"]) == {"sanxin:test:a": 1}
        assert read_ahead.get_many(["sanxin:test:b", "sanxin:test:missing"]) == {"sanxin:test:b": 2}
    assert cache_reads == [["sanxin:test:a", "sanxin:test:b", "sanxin:test:missing"]]
    assert read_ahead.get_many(["sanxin:test:b"]) == {"sanxin:test:b": 2}  # outside: asks
    assert len(cache_reads) == 2


@pytest.mark.django_db
def test_generations_read_ahead_are_noted_only_for_tables_the_page_reads(page_cache):
    organizations = Organization._meta.db_table
    token = start_reading((), fetched={organizations: 7, "events_event": 9})
    try:
        list(Organization.objects.all()[:1])
    finally:
        read = stop_reading(token)
    assert read[organizations] == 7  # as read ahead: no second read of its generation
    assert "events_event" not in read
    assert caches["default"].get(generation_key("events_event")) is None
