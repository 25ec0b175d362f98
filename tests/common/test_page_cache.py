"""The per-viewer page cache: served again only to the same person, never after a change.

On the shared Redis cache when SANXIN_TEST_CACHE_URL names a Redis database (``.ci/run`` sets
it for the PostgreSQL run), else on Django's memory cache.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sanxin.common.freshness import ALL, bump, bump_all, generations
from sanxin.common.page_cache import CSRF_PLACEHOLDER
from sanxin.directory.domain.organizations import update_organization
from sanxin.directory.domain.people import create_api_token, revoke_api_token
from sanxin.directory.models import Organization
from sanxin.projects.models import Watcher
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _queries(client, url, **headers):
    """The response and how many queries it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured.captured_queries)


def test_a_page_read_again_by_the_same_person_comes_from_the_cache(world, page_cache):
    client = client_for(world, "member")
    first, first_queries = _queries(client, "/en/o/member-org/")
    second, second_queries = _queries(client, "/en/o/member-org/")
    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second_queries <= 3  # session, person, unread notifications: nothing of the page
    assert first_queries > second_queries + 3
    masked = re.compile(r"\b[A-Za-z0-9]{64}\b")  # each response masks the CSRF token anew
    assert masked.sub("", first.content.decode()) == masked.sub("", second.content.decode())


def test_without_the_setting_nothing_is_cached(world, settings):
    settings.SANXIN_PAGE_CACHE_SECONDS = 0
    cache.clear()
    client = client_for(world, "member")
    _, first_queries = _queries(client, "/en/o/member-org/")
    _, second_queries = _queries(client, "/en/o/member-org/")
    assert second_queries == first_queries


def test_a_change_is_shown_at_once(world, page_cache, django_capture_on_commit_callbacks):
    client = client_for(world, "member")
    assert "Member Gearbox Co." in client.get("/en/o/member-org/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        update_organization(
            actor=world.org_admin, organization=world.member_org, data={"name_en": "Renamed Co."}
        )
    page = client.get("/en/o/member-org/").content.decode()
    assert "Renamed Co." in page
    assert "Member Gearbox Co." not in page


def test_a_change_waits_for_its_commit(world, page_cache, django_capture_on_commit_callbacks):
    before = generations(["directory_organization"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update_organization(
            actor=world.org_admin, organization=world.member_org, data={"name_en": "Later Co."}
        )
    assert generations(["directory_organization"]) == before  # a page drawn now shows the old
    for callback in callbacks:
        callback()
    assert generations(["directory_organization"]) != before


def test_a_bulk_update_without_signals_is_noticed(
    world, page_cache, django_capture_on_commit_callbacks
):
    client = client_for(world, "member")
    client.get("/en/directory/")
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.filter(pk=world.member_org.pk).update(name_en="Quietly Renamed")
    assert "Quietly Renamed" in client.get("/en/directory/").content.decode()


def test_a_write_to_what_a_page_did_not_read_keeps_it(
    world, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # what the set-up wrote, committed
        project = ProjectFactory(owner=world.other_org)
        client = client_for(world, "member")
    client.get("/en/directory/")
    with django_capture_on_commit_callbacks(execute=True):
        Watcher.objects.create(project=project, person=world.other)
    _, queries = _queries(client, "/en/directory/")
    assert queries <= 3  # still served from the cache


def test_after_a_command_every_page_is_drawn_again(world, page_cache):
    client = client_for(world, "member")
    client.get("/en/directory/")
    bump_all()
    _, queries = _queries(client, "/en/directory/")
    assert queries > 3


@pytest.mark.parametrize("role", ["anonymous", "other_alliance"])
def test_people_never_share_a_page(world, page_cache, role):
    """The member's own alliance-only profile, cached for the member, stays hidden to others."""
    member = client_for(world, "member")
    assert member.get("/en/o/member-org/").status_code == 200
    assert member.get("/en/o/member-org/").status_code == 200  # from the cache now
    assert client_for(world, role).get("/en/o/member-org/").status_code == 404


def test_each_language_and_each_htmx_target_is_its_own_page(world, page_cache):
    client = client_for(world, "member")
    full = client.get("/en/directory/").content.decode()
    part = client.get("/en/directory/", headers={"HX-Request": "true"}).content.decode()
    again = client.get("/en/directory/").content.decode()
    chinese = client.get("/zh-hans/directory/").content.decode()
    assert "<html" in full
    assert "<html" not in part
    assert "<html" in again
    assert 'lang="zh-hans"' in chinese


def test_the_csrf_token_of_a_cached_page_is_the_readers_own(world, page_cache):
    project = ProjectFactory(owner=world.member_org, alliance=world.alliance)
    url = f"/en/projects/{project.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.member)
    first.get(url)  # drawn and stored
    second = Client(enforce_csrf_checks=True)  # another browser of the same person
    second.force_login(world.member)
    page = second.get(url)
    assert CSRF_PLACEHOLDER not in page.content.decode()
    token = TOKEN.search(page.content.decode()).group(1)
    response = second.post(f"/en/projects/{project.pk}/watch/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # accepted: not a CSRF 403


def test_a_flash_message_is_shown_not_lost(world, page_cache):
    project = ProjectFactory(owner=world.member_org, alliance=world.alliance)
    url = f"/en/projects/{project.pk}/"
    client = client_for(world, "member")
    client.get(url)
    client.get(url)  # cached
    response = client.post(f"/en/projects/{project.pk}/watch/", follow=True)
    assert "You follow this project" in response.content.decode()


def test_the_api_caches_per_token_and_a_revoked_token_is_refused(
    world, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token, raw = create_api_token(actor=world.member, name="script")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    first = client.get("/api/organizations")
    second, second_queries = _queries(client, "/api/organizations")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second_queries == 0  # answered before the chain: the token was checked before
    with django_capture_on_commit_callbacks(execute=True):
        revoke_api_token(actor=world.member, token=token)
    assert client.get("/api/organizations").status_code == 401
    bad = Client(headers={"Authorization": "Bearer sx_not-a-token"})
    assert bad.get("/api/organizations").status_code == 401


def test_a_lost_generation_restarts_above_every_earlier_one(page_cache):
    bump(["directory_offer"])
    before = generations(["directory_offer"])["directory_offer"]
    cache.clear()
    bump(["directory_offer"])
    assert generations(["directory_offer"])["directory_offer"] > before
    cache.clear()
    assert generations(["directory_offer", ALL])["directory_offer"] > before


def test_a_new_notification_shows_in_a_cached_page_without_drawing_it_again(
    world, page_cache, django_capture_on_commit_callbacks
):
    from sanxin.projects.domain.notifications import notify

    with django_capture_on_commit_callbacks(execute=True):  # the sign-in's write, committed
        client = client_for(world, "member")
    client.get("/en/directory/")
    with django_capture_on_commit_callbacks(execute=True):
        notify(people=[world.member], project=None, action="test", message=lambda: ("Hi", ""))
    page, queries = _queries(client, "/en/directory/")
    assert queries <= 3  # session, person, the unread count: the page itself comes from the cache
    assert '<span id="nav-unread" class="badge warn">1<' in page.content.decode()
    assert "sanxin-late" not in page.content.decode()


def test_the_cached_unread_count_follows_new_and_read_notifications(
    world, page_cache, django_capture_on_commit_callbacks
):
    from sanxin.projects.domain.inbox import mark_read, unread_count_cached
    from sanxin.projects.domain.notifications import notify

    assert unread_count_cached(world.member) == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(people=[world.member], project=None, action="test", message=lambda: ("Hi", ""))
    assert unread_count_cached(world.member) == 1
    assert unread_count_cached(world.member) == 1  # from the cache now
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(actor=world.member)
    assert unread_count_cached(world.member) == 0


def test_a_page_showing_a_records_history_follows_that_records_entries_only(
    world, page_cache, django_capture_on_commit_callbacks
):
    from sanxin.common.audit import log_action

    with django_capture_on_commit_callbacks(execute=True):  # the sign-in's write, committed
        client = client_for(world, "org_admin")  # sees the history on the profile
    assert client.get("/en/o/member-org/")["X-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        log_action("sanxin.test.elsewhere", actor=world.other, obj=world.other_org)
    assert client.get("/en/o/member-org/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        log_action("sanxin.test.noted", actor=world.org_admin, obj=world.member_org)
    page = client.get("/en/o/member-org/")
    assert page["X-Cache"] == "miss"
    assert "sanxin.test.noted" in page.content.decode() or "noted" in page.content.decode()


def test_someone_signing_in_does_not_redraw_everyones_pages(
    world, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the member's own sign-in
        client = client_for(world, "member")
    client.get("/en/directory/")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world, "partner")  # sets the partner's last_login
    assert client.get("/en/directory/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        world.partner.first_name = "Renamed"
        world.partner.save()  # a real change to a person
    assert client.get("/en/directory/")["X-Cache"] == "miss"


def test_what_members_wrote_is_served_as_written_even_if_it_looks_like_a_marker(
    world, page_cache, django_capture_on_commit_callbacks
):
    tricky = f"<!--sanxin-late:nav-notifications:--> <!--sanxin-late:x:--> {CSRF_PLACEHOLDER}"
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.filter(pk=world.public_org.pk).update(name_en=tricky)
        client = client_for(world, "member")
    for _ in range(2):  # drawn, then served from the cache
        names = [o["name"] for o in client.get("/api/organizations").json()["items"]]
        assert tricky in names
        page = client.get("/en/directory/").content.decode()
        assert "&lt;!--sanxin-late:x:--&gt;" in page
