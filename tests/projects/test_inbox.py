"""The notifications inbox: the domain functions, the page, marking read and the nav count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.access import viewer_for
from sanxin.projects.domain.inbox import (
    mark_read,
    notifications_for,
    unread_count,
    with_project_access,
)
from sanxin.projects.models import Notification
from tests.conftest import client_for
from tests.projects.factories import NotificationFactory, ProjectFactory

pytestmark = pytest.mark.integration

EARLIER = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _note(person, subject, *, project=None, read=None, minutes=0):
    """A notification created ``minutes`` after EARLIER (``created`` is auto_now_add)."""
    note = NotificationFactory(person=person, project=project, subject=subject, read=read)
    Notification.objects.filter(pk=note.pk).update(created=EARLIER + dt.timedelta(minutes=minutes))
    note.refresh_from_db()
    return note


def _unread(person) -> list[str]:
    return list(
        Notification.objects.filter(person=person, read__isnull=True)
        .order_by("subject")
        .values_list("subject", flat=True)
    )


# --- domain -------------------------------------------------------------------------------


def test_notifications_for_holds_only_the_persons_own_newest_first(world):
    _note(world.member, "old", minutes=1)
    _note(world.member, "new", minutes=5, read=timezone.now())
    _note(world.partner, "partner's", minutes=3)
    mine = notifications_for(world.member)
    assert [n.subject for n in mine] == ["new", "old"]
    assert [n.subject for n in notifications_for(world.member, unread_only=True)] == ["old"]
    assert [n.subject for n in notifications_for(world.partner)] == ["partner's"]


def test_anonymous_visitors_have_no_inbox_and_cost_no_query(world, django_assert_num_queries):
    _note(world.member, "member's")
    with django_assert_num_queries(0):
        assert list(notifications_for(AnonymousUser())) == []
        assert list(notifications_for(None)) == []
        assert unread_count(AnonymousUser()) == 0


def test_unread_count_is_one_count_query(world, django_assert_num_queries):
    _note(world.member, "a")
    _note(world.member, "b")
    _note(world.member, "c", read=timezone.now())
    _note(world.partner, "d")
    with django_assert_num_queries(1) as captured:
        assert unread_count(world.member) == 2
    assert "COUNT(" in captured.captured_queries[0]["sql"].upper()


def test_mark_read_marks_the_given_own_notifications(world):
    a = _note(world.member, "a")
    b = _note(world.member, "b")
    _note(world.member, "c")
    assert mark_read(actor=world.member, ids=[a.pk, str(b.pk)]) == 2
    assert _unread(world.member) == ["c"]


def test_mark_read_keeps_the_first_reading_time(world):
    first = timezone.now() - dt.timedelta(days=2)
    a = _note(world.member, "a", read=first)
    b = _note(world.member, "b")
    assert mark_read(actor=world.member, ids=[a.pk, b.pk]) == 1
    a.refresh_from_db()
    assert a.read == first


def test_mark_read_of_all_touches_only_the_actors_notifications(world):
    _note(world.member, "a")
    _note(world.member, "b")
    _note(world.partner, "p")
    assert mark_read(actor=world.member) == 2
    assert (_unread(world.member), _unread(world.partner)) == ([], ["p"])


def test_mark_read_refuses_someone_elses_ids_and_marks_nothing(world):
    mine = _note(world.member, "mine")
    theirs = _note(world.partner, "theirs")
    with pytest.raises(ValidationError) as caught:
        mark_read(actor=world.member, ids=[mine.pk, theirs.pk])
    assert caught.value.message_dict == {"ids": [f"You have no notification number {theirs.pk}."]}
    assert (_unread(world.member), _unread(world.partner)) == (["mine"], ["theirs"])


def test_mark_read_names_every_unknown_number(world):
    theirs = _note(world.partner, "theirs")
    missing = theirs.pk + 1000
    with pytest.raises(ValidationError) as caught:
        mark_read(actor=world.member, ids=[missing, theirs.pk])
    assert caught.value.message_dict == {
        "ids": [f"You have no notifications with the numbers {theirs.pk}, {missing}."]
    }


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "Choose at least one notification to mark as read."),
        (["x"], "Give the notifications as a list of whole numbers."),
        (list(range(1, 502)), "Mark at most 500 notifications at once, or mark them all."),
    ],
)
def test_mark_read_refuses_bad_ids(world, ids, message):
    _note(world.member, "a")
    with pytest.raises(ValidationError) as caught:
        mark_read(actor=world.member, ids=ids)
    assert caught.value.message_dict == {"ids": [message]}
    assert _unread(world.member) == ["a"]


def test_mark_read_refuses_anonymous(world):
    _note(world.member, "a")
    with pytest.raises(PermissionDenied):
        mark_read(actor=AnonymousUser())
    assert _unread(world.member) == ["a"]


def test_project_access_follows_the_projects_visibility(world):
    visible = ProjectFactory(owner=world.member_org, confidentiality=Confidentiality.OWN)
    hidden = ProjectFactory(owner=world.other_org, confidentiality=Confidentiality.OWN)
    _note(world.member, "visible", project=visible, minutes=3)
    _note(world.member, "hidden", project=hidden, minutes=2)
    _note(world.member, "none", minutes=1)
    rows = with_project_access(notifications_for(world.member), viewer_for(world.member))
    assert [(n.subject, n.project_visible) for n in rows] == [
        ("visible", True),
        ("hidden", False),
        ("none", False),
    ]


# --- the page -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(reverse("notification_list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('notification_list')}"


def test_page_lists_own_notifications_with_links_only_to_visible_projects(world):
    visible = ProjectFactory(
        owner=world.member_org, title_en="Bac Ninh storage", confidentiality=Confidentiality.OWN
    )
    hidden = ProjectFactory(
        owner=world.other_org, title_en="Secret plant", confidentiality=Confidentiality.OWN
    )
    unread = _note(world.member, "Stage changed", project=visible, minutes=3)
    unread.body = "Now under construction."
    unread.save()
    read = _note(world.member, "Dropped project", project=hidden, minutes=2, read=EARLIER)
    _note(world.partner, "Partner's secret", minutes=4)

    response = client_for(world, "member").get(reverse("notification_list"))
    assert response.status_code == 200
    listed = response.context["page"]
    assert [n.pk for n in listed] == [unread.pk, read.pk]
    html = response.content.decode()
    assert "Partner&#x27;s secret" not in html
    assert "Partner's secret" not in html
    assert "Now under construction." in html
    assert f'id="notification-{unread.pk}" data-unread' in html
    assert f'id="notification-{read.pk}">' in html
    assert reverse("project_detail", args=[visible.pk]) in html
    assert reverse("project_detail", args=[hidden.pk]) not in html
    assert "Secret plant" not in html
    assert html.count(">Mark as read</button>") == 1
    assert "You have 1 unread notification." in html
    assert ">Mark all as read</button>" in html


def test_page_filters_unread_only(world):
    _note(world.member, "unread one", minutes=2)
    _note(world.member, "read one", minutes=1, read=EARLIER)
    response = client_for(world, "member").get(reverse("notification_list") + "?unread=1")
    assert [n.subject for n in response.context["page"]] == ["unread one"]


def test_page_shows_25_a_page(world):
    for i in range(30):
        _note(world.member, f"note {i:02}", minutes=i)
    client = client_for(world, "member")
    first = client.get(reverse("notification_list")).context["page"]
    second = client.get(reverse("notification_list") + "?page=2").context["page"]
    assert [n.subject for n in first] == [f"note {i:02}" for i in range(29, 4, -1)]
    assert [n.subject for n in second] == [f"note {i:02}" for i in range(4, -1, -1)]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("", "You have no notifications yet."),
        ("?unread=1", "You have no unread notifications."),
    ],
)
def test_empty_inbox_says_so(world, query, text):
    _note(world.partner, "not the member's")
    response = client_for(world, "member").get(reverse("notification_list") + query)
    html = response.content.decode()
    assert text in html
    assert "Mark all as read" not in html


def test_mark_one_read_goes_back_to_the_page(world):
    a = _note(world.member, "a")
    _note(world.member, "b")
    back = reverse("notification_list") + "?unread=1&page=1"
    response = client_for(world, "member").post(
        reverse("notification_read", args=[a.pk]), {"next": back}
    )
    assert (response.status_code, response["Location"]) == (302, back)
    assert _unread(world.member) == ["b"]


def test_mark_one_read_never_goes_to_another_site(world):
    a = _note(world.member, "a")
    response = client_for(world, "member").post(
        reverse("notification_read", args=[a.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notification_list")


def test_someone_elses_notification_answers_404_and_stays_unread(world):
    theirs = _note(world.partner, "theirs")
    response = client_for(world, "member").post(reverse("notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    assert _unread(world.partner) == ["theirs"]


def test_marking_needs_post(world):
    a = _note(world.member, "a")
    client = client_for(world, "member")
    assert client.get(reverse("notification_read", args=[a.pk])).status_code == 405
    assert client.get(reverse("notification_read_all")).status_code == 405
    assert _unread(world.member) == ["a"]


def test_marking_checks_the_csrf_token(world):
    a = _note(world.member, "a")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    assert client.post(reverse("notification_read", args=[a.pk])).status_code == 403
    assert client.post(reverse("notification_read_all")).status_code == 403
    assert _unread(world.member) == ["a"]


def test_htmx_mark_read_swaps_the_item_and_the_counts(world):
    project = ProjectFactory(owner=world.member_org, title_en="Hydro plant")
    a = _note(world.member, "a", project=project)
    _note(world.member, "b")
    response = client_for(world, "member").post(
        reverse("notification_read", args=[a.pk]),
        {"next": reverse("notification_list")},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<li class="card" id="notification-{a.pk}">')
    assert "Mark as read" not in html
    assert reverse("project_detail", args=[project.pk]) in html
    assert '<span id="nav-unread" class="badge warn" hx-swap-oob="true">1<' in html
    assert "You have 1 unread notification." in html
    assert _unread(world.member) == ["b"]


def test_mark_all_read(world):
    _note(world.member, "a")
    _note(world.member, "b")
    _note(world.partner, "p")
    client = client_for(world, "member")
    response = client.post(reverse("notification_read_all"), follow=True)
    assert response.redirect_chain == [(reverse("notification_list"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["2 notifications marked as read."]
    assert (_unread(world.member), _unread(world.partner)) == ([], ["p"])


@pytest.mark.parametrize("count", [1, 3])
def test_page_queries_do_not_grow_with_notifications(world, count, django_assert_num_queries):
    client = client_for(world, "member")
    project = ProjectFactory(owner=world.member_org)
    _note(world.member, "first", project=project)
    with CaptureQueriesContext(connection) as with_one:
        client.get(reverse("notification_list"))
    for i in range(count - 1):
        _note(world.member, f"more {i}", project=ProjectFactory(owner=world.member_org))
    with django_assert_num_queries(len(with_one)):
        response = client.get(reverse("notification_list"))
    assert len(response.context["page"]) == count


# --- the navigation count ----------------------------------------------------------------

NAV = Template("{% load sanxin_inbox %}{% unread_notifications as n %}{{ n }}")


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_nav_count_costs_no_query_for_anonymous(world, django_assert_num_queries):
    _note(world.member, "a")
    with django_assert_num_queries(0):
        assert NAV.render(Context({"request": _request(AnonymousUser())})) == "0"


def test_nav_count_costs_one_query_for_a_member_however_often_used(
    world, django_assert_num_queries
):
    _note(world.member, "a")
    _note(world.member, "b")
    _note(world.partner, "p")
    request = _request(world.member)
    with django_assert_num_queries(1):
        assert NAV.render(Context({"request": request})) == "2"
        assert NAV.render(Context({"request": request})) == "2"


def test_nav_link_has_no_badge_when_all_is_read(world):
    _note(world.member, "a", read=EARLIER)
    link = Template("{% load sanxin_inbox %}{% nav_notifications %}")
    html = link.render(Context({"request": _request(world.member), "nav": "projects"}))
    url = reverse("notification_list")
    assert html == f'<a href="{url}">Notifications <span id="nav-unread"></span></a>'


def test_nav_link_shows_the_badge(world):
    _note(world.member, "a")
    link = Template("{% load sanxin_inbox %}{% nav_notifications %}")
    html = link.render(Context({"request": _request(world.member), "nav": "notifications"}))
    assert html == (
        f'<a href="{reverse("notification_list")}" aria-current="page">Notifications '
        '<span id="nav-unread" class="badge warn">1<span class="sr-only"> unread</span></span>'
        "</a>"
    )


# --- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Notifications", "Mark all as read", "Mark as read", "Unread only"]),
        ("zh-hans", ["通知", "全部标为已读", "标为已读", "仅看未读"]),
        ("vi", ["Thông báo", "Đánh dấu tất cả là đã đọc", "Đánh dấu đã đọc", "Chỉ chưa đọc"]),
    ],
)
def test_page_is_translated(world, language, texts):
    _note(world.member, "a")
    with translation.override(language):
        url = reverse("notification_list")
    html = client_for(world, "member").get(url).content.decode()
    assert [text for text in texts if text not in html] == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh-hans", "您还没有任何通知。"),
        ("vi", "Bạn chưa có thông báo nào."),
    ],
)
def test_empty_state_is_translated(world, language, text):
    with translation.override(language):
        url = reverse("notification_list")
    assert text in client_for(world, "member").get(url).content.decode()
