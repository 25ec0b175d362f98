"""Flash messages and the page cache: the page after a form may come from the cache with the
reader's own messages; a page drawn with messages waiting is stored without them; a message is
shown once, in the page's language."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from tests.conftest import client_for

URL = "/en/directory/"


@pytest.fixture
def member(world, page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the sign-in's writes, committed
        return client_for(world, "member")


def _flash(client, text: str) -> None:
    """A flash message waiting for the browser, as a form's redirect leaves it."""
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


def test_a_cached_page_is_served_with_the_readers_message_once(member):
    member.get(URL)
    assert member.get(URL)["X-Cache"] == "hit"
    _flash(member, "Your changes were saved.")
    page = member.get(URL)
    assert page["X-Cache"] == "hit"
    assert '<li class="success">Your changes were saved.</li>' in page.content.decode()
    after = member.get(URL)
    assert after["X-Cache"] == "hit"
    assert "Your changes were saved." not in after.content.decode()


def test_a_page_drawn_with_a_message_waiting_is_stored_without_it(member):
    _flash(member, "Welcome back.")
    drawn = member.get(URL)
    assert drawn["X-Cache"] == "miss"
    assert "Welcome back." in drawn.content.decode()
    again = member.get(URL)
    assert again["X-Cache"] == "hit"
    assert "Welcome back." not in again.content.decode()
    assert 'class="messages"' not in again.content.decode()


def test_a_message_is_escaped_like_any_text(member):
    member.get(URL)
    _flash(member, "<b>bold</b> & more")
    page = member.get(URL).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<b>bold</b>" not in page
