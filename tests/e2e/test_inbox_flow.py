"""The notifications inbox in a browser: HTMX marks read in place, the badge follows."""

import datetime as dt

import pytest

from sanxin.projects.models import Notification
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.factories import PersonFactory
from tests.projects.factories import NotificationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EARLIER = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _note(person, subject, *, minutes=0):
    note = NotificationFactory(person=person, project=None, subject=subject)
    Notification.objects.filter(pk=note.pk).update(created=EARLIER + dt.timedelta(minutes=minutes))
    return note


def _unread(person) -> list[str]:
    return list(
        Notification.objects.filter(person=person, read__isnull=True).values_list(
            "subject", flat=True
        )
    )


def test_marking_read_in_a_browser(page):
    person = PersonFactory(username="lan", organization=None)
    _note(person, "Older news", minutes=1)
    newer = _note(person, "Stage changed", minutes=2)
    sign_in(page, "lan", PASSWORD)
    page.goto("/en/notifications/")
    assert page.locator("#inbox li[data-unread]").count() == 2
    assert page.locator("header #nav-unread").text_content() == "2 unread"
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.click(f"#notification-{newer.pk} button")
    page.wait_for_selector(f"#notification-{newer.pk}:not([data-unread])")
    assert page.locator("#inbox-unread").inner_text() == "You have 1 unread notification."
    assert page.url.endswith("/en/notifications/")
    assert page.locator("header #nav-unread").text_content() == "1 unread"

    page.click("#inbox button:has-text('Mark all as read')")
    page.wait_for_selector("#inbox-unread:has-text('You have 0 unread notifications.')")
    assert page.locator("header #nav-unread").evaluate("e => e.outerHTML") == (
        '<span id="nav-unread"></span>'
    )
    assert page.locator("#inbox li[data-unread]").count() == 0
    assert page.locator("#inbox li").count() == 2
    assert (_unread(person), errors) == ([], [])
