"""Interpreters of an event: change, availability, removal (domain), the scheduler honouring
what the organiser changed, and the organiser's pages driven through their forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from sanxin.common.models import AuditEntry
from sanxin.events.domain.interpreters import (
    InterpreterBusyError,
    add_interpreter,
    remove_interpreter,
    update_interpreter,
)
from sanxin.events.domain.scheduling import request_schedule, run_schedule
from sanxin.events.enums import MeetingStatus, RequestStatus
from sanxin.events.models import Interpreter, Meeting
from tests.events.conftest import client_for_role
from tests.events.factories import (
    DAY,
    EventFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
    RegistrationFactory,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration

SLOTS = ["2030-05-12 09:00", "2030-05-12 09:30", "2030-05-12 10:00", "2030-05-12 11:00",
         "2030-05-12 11:30"]  # fmt: skip


def _entries(event, action: str) -> list[dict]:
    return [
        e.changes
        for e in AuditEntry.objects.filter(
            object_type="events.event", object_id=str(event.pk), action=action
        ).order_by("pk")
    ]


def _busy_meeting(symposium, interpreter, slot: str = SLOTS[1], table: int = 1) -> Meeting:
    return MeetingFactory(
        request=MeetingRequestFactory(
            sender=symposium.member, recipient=symposium.partner, status=RequestStatus.ACCEPTED
        ),
        slot=slot,
        table=table,
        interpreter=interpreter,
    )


# --- domain -------------------------------------------------------------------------------


def test_add_checks_the_slots_and_keeps_them_in_time_order(world, symposium):
    event = symposium.event
    with pytest.raises(ValidationError) as exc:
        add_interpreter(
            actor=world.secretariat,
            event=event,
            data={"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": ["9:00"]},
        )
    assert exc.value.message_dict == {"unavailable": ["Choose slots of this event."]}
    assert Interpreter.objects.count() == 0
    item = add_interpreter(
        actor=world.secretariat,
        event=event,
        data={
            "name": "Mai",
            "language_a": "vi",
            "language_b": "zh",
            "unavailable": [SLOTS[3], SLOTS[0], SLOTS[3]],
        },
    )
    assert item.unavailable == [SLOTS[0], SLOTS[3]]
    assert _entries(event, "sanxin.event.interpreter.added") == [
        {
            "old": {},
            "new": {
                f"interpreter:{item.pk}": {
                    "name": "Mai",
                    "language_a": "vi",
                    "language_b": "zh",
                    "unavailable": [SLOTS[0], SLOTS[3]],
                }
            },
        }
    ]


def test_update_validates_saves_and_logs(world, symposium):
    item = InterpreterFactory(event=symposium.event, name="Mai")
    with pytest.raises(PermissionDenied):
        update_interpreter(actor=world.member, interpreter=item, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        update_interpreter(actor=world.other, interpreter=item, data={"name": "X"})
    with pytest.raises(ValidationError) as exc:
        update_interpreter(
            actor=world.secretariat,
            interpreter=item,
            data={"language_a": "zh", "language_b": "zh", "unavailable": ["tomorrow"]},
        )
    assert exc.value.message_dict == {
        "language_b": ["An interpreter works between two languages."],
        "unavailable": ["Choose slots of this event."],
    }
    with pytest.raises(ValidationError) as exc:
        update_interpreter(actor=world.secretariat, interpreter=item, data={"language_a": "xx"})
    assert exc.value.message_dict == {"language_a": ["Choose two of the listed languages."]}
    item.refresh_from_db()
    assert (item.language_a, item.language_b, item.unavailable) == ("vi", "zh", [])

    update_interpreter(
        actor=world.secretariat,
        interpreter=item,
        data={"name": "Nguyễn Thị Mai", "language_a": "en", "unavailable": [SLOTS[2]]},
    )
    item.refresh_from_db()
    assert (item.name, item.language_a, item.language_b, item.unavailable) == (
        "Nguyễn Thị Mai",
        "en",
        "zh",
        [SLOTS[2]],
    )
    key = f"interpreter:{item.pk}"
    assert _entries(symposium.event, "sanxin.event.interpreter.changed") == [
        {
            "old": {
                key: {"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": []}
            },
            "new": {
                key: {
                    "name": "Nguyễn Thị Mai",
                    "language_a": "en",
                    "language_b": "zh",
                    "unavailable": [SLOTS[2]],
                }
            },
        }
    ]
    # Saving the same values again writes no entry.
    update_interpreter(actor=world.admin, interpreter=item, data={"unavailable": [SLOTS[2]]})
    assert len(_entries(symposium.event, "sanxin.event.interpreter.changed")) == 1


def test_slots_gone_from_the_event_are_dropped_on_the_next_change(world, symposium):
    item = InterpreterFactory(event=symposium.event, unavailable=["2030-05-12 16:00", SLOTS[0]])
    update_interpreter(actor=world.secretariat, interpreter=item, data={"name": "Lê Văn Trường"})
    item.refresh_from_db()
    assert (item.name, item.unavailable) == ("Lê Văn Trường", [SLOTS[0]])


def test_unavailable_in_a_published_meeting_hands_it_to_a_free_colleague(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    meeting = _busy_meeting(symposium, mai, slot=SLOTS[1])
    # A colleague of another pair cannot take it; one of the same pair busy then neither.
    InterpreterFactory(event=symposium.event, name="Anna", language_a="en", language_b="zh")
    busy = InterpreterFactory(event=symposium.event, name="Binh")
    other = RegistrationFactory(event=symposium.event, person=PersonFactory())
    MeetingFactory(
        request=MeetingRequestFactory(
            sender=symposium.org_admin, recipient=other, status=RequestStatus.ACCEPTED
        ),
        slot=SLOTS[1],
        table=2,
        interpreter=busy,
    )
    with pytest.raises(InterpreterBusyError) as exc:
        update_interpreter(actor=world.secretariat, interpreter=mai, data={"unavailable": SLOTS})
    assert exc.value.message_dict == {
        "unavailable": [
            "Mai interprets published meetings at 2030-05-12 09:30 and no other interpreter "
            "for this language pair is free then. Cancel those meetings, or add an "
            "interpreter for the pair, first."
        ]
    }
    mai.refresh_from_db()
    meeting.refresh_from_db()
    assert (mai.unavailable, meeting.interpreter) == ([], mai)

    free = InterpreterFactory(event=symposium.event, name="Chau", unavailable=[SLOTS[0]])
    update_interpreter(
        actor=world.secretariat, interpreter=mai, data={"unavailable": [SLOTS[0], SLOTS[1]]}
    )
    meeting.refresh_from_db()
    assert meeting.interpreter == free
    [entry] = _entries(symposium.event, "sanxin.event.interpreter.changed")
    assert entry["new"]["handed_over"] == [
        {"meeting": meeting.pk, "slot": SLOTS[1], "interpreter": free.pk}
    ]


def test_a_new_pair_with_published_meetings_needs_a_colleague(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    _busy_meeting(symposium, mai)
    with pytest.raises(InterpreterBusyError) as exc:
        update_interpreter(actor=world.secretariat, interpreter=mai, data={"language_a": "en"})
    assert list(exc.value.message_dict) == ["language_a"]
    # The same pair written the other way round is no change of pair.
    update_interpreter(
        actor=world.secretariat, interpreter=mai, data={"language_a": "zh", "language_b": "vi"}
    )
    mai.refresh_from_db()
    assert (mai.language_a, mai.language_b) == ("zh", "vi")


def test_remove_is_refused_while_they_interpret_a_published_meeting(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    meeting = _busy_meeting(symposium, mai, slot=SLOTS[2])
    with pytest.raises(PermissionDenied):
        remove_interpreter(actor=world.member, interpreter=mai)
    with pytest.raises(InterpreterBusyError) as exc:
        remove_interpreter(actor=world.secretariat, interpreter=mai)
    assert exc.value.message_dict == {
        "interpreter": [
            "Mai interprets published meetings at 2030-05-12 10:00, so they cannot be removed. "
            "Cancel those meetings, or mark Mai unavailable in those slots so that a colleague "
            "takes them over, first."
        ]
    }
    assert Interpreter.objects.filter(pk=mai.pk).exists()
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    snapshot = {"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": []}
    pk = mai.pk
    remove_interpreter(actor=world.secretariat, interpreter=mai)
    assert not Interpreter.objects.filter(pk=pk).exists()
    meeting.refresh_from_db()
    assert meeting.interpreter is None
    assert _entries(symposium.event, "sanxin.event.interpreter.removed") == [
        {"old": {f"interpreter:{pk}": snapshot}, "new": {}}
    ]


# --- the scheduler honours the changes ----------------------------------------------------


def _solve(event):
    run = request_schedule(actor=None, event=event)
    return run_schedule(run_id=run.pk, time_limit=5)


def _zh_vi_pairs(world, event, n: int) -> list:
    """n accepted requests between a Chinese-only and a Vietnamese-only participant, all of
    them free only in the first two slots."""
    keep = SLOTS[:2]
    off = [s for s in SLOTS if s not in keep]
    out = []
    for i in range(n):
        zh = RegistrationFactory(
            event=event, person=PersonFactory(username=f"zh{i}"), languages=["zh"], unavailable=off
        )
        vi = RegistrationFactory(
            event=event, person=PersonFactory(username=f"vi{i}"), languages=["vi"], unavailable=off
        )
        out.append(MeetingRequestFactory(sender=zh, recipient=vi, status=RequestStatus.ACCEPTED))
    return out


def test_a_solve_after_marking_a_slot_unavailable_uses_no_interpreter_then(world):
    event = EventFactory(alliance=world.alliance)
    _zh_vi_pairs(world, event, 2)
    mai = add_interpreter(
        actor=world.secretariat,
        event=event,
        data={"name": "Mai", "language_a": "zh", "language_b": "vi"},
    )
    update_interpreter(actor=world.secretariat, interpreter=mai, data={"unavailable": [SLOTS[0]]})
    run = _solve(event)
    meetings = list(Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED))
    # Without the change both meetings fit (one per slot); now only the second slot is left.
    assert [(m.slot, m.interpreter) for m in meetings] == [(SLOTS[1], mai)]
    assert [u["reason"] for u in run.unplaced] == ["interpreters_busy"]
    assert not Meeting.objects.filter(
        event=event, interpreter__isnull=False, slot__in=mai.unavailable
    ).exists()


def test_without_the_change_both_meetings_are_placed(world):
    """The control for the test above: the same event, the interpreter available throughout."""
    event = EventFactory(alliance=world.alliance)
    _zh_vi_pairs(world, event, 2)
    mai = add_interpreter(
        actor=world.secretariat,
        event=event,
        data={"name": "Mai", "language_a": "zh", "language_b": "vi"},
    )
    run = _solve(event)
    placed = sorted(
        (m.slot, m.interpreter_id)
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED)
    )
    assert (run.meetings, placed) == (2, [(SLOTS[0], mai.pk), (SLOTS[1], mai.pk)])


def test_a_removed_interpreter_is_not_used_by_the_next_solve(world):
    event = EventFactory(alliance=world.alliance)
    _zh_vi_pairs(world, event, 1)
    mai = InterpreterFactory(event=event, language_a="vi", language_b="zh")
    remove_interpreter(actor=world.secretariat, interpreter=mai)
    run = _solve(event)
    assert (run.meetings, [u["reason"] for u in run.unplaced]) == (0, ["no_interpreter"])


# --- pages --------------------------------------------------------------------------------


def test_the_list_shows_pairs_unavailability_and_meetings(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai", unavailable=SLOTS[:2])
    InterpreterFactory(event=symposium.event, name="Anna", language_a="en", language_b="zh")
    _busy_meeting(symposium, mai)
    client = client_for_role(world, "secretariat")
    response = client.get(reverse("interpreter_list", args=[symposium.event.pk]))
    assert response.status_code == 200
    rows = [
        (r["item"].name, r["pair"], r["unavailable"], r["item"].meeting_count)
        for r in response.context["rows"]
    ]
    assert rows == [
        ("Anna", ("English", "Chinese"), 0, 0),
        ("Mai", ("Vietnamese", "Chinese"), 2, 1),
    ]
    html = response.content.decode()
    assert reverse("interpreter_edit", args=[symposium.event.pk, mai.pk]) in html
    assert reverse("interpreter_remove", args=[symposium.event.pk, mai.pk]) in html
    with translation.override("zh-hans"):
        response = client.get(reverse("interpreter_list", args=[symposium.event.pk]))
    assert "翻译" in response.content.decode()


def test_the_event_page_links_to_the_interpreters(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai", unavailable=SLOTS[:1])
    html = (
        client_for_role(world, "secretariat")
        .get(reverse("event_detail", args=[symposium.event.pk]))
        .content.decode()
    )
    assert reverse("interpreter_list", args=[symposium.event.pk]) in html
    assert reverse("interpreter_edit", args=[symposium.event.pk, mai.pk]) in html
    assert "not available in 1 slot" in html


def test_the_edit_form_groups_the_slots_by_day_in_local_time(world):
    event = EventFactory(
        alliance=world.alliance, end_date=DAY + dt.timedelta(days=1), time_zone="Asia/Ho_Chi_Minh"
    )
    mai = InterpreterFactory(event=event, name="Mai", unavailable=["2030-05-13 09:30"])
    client = client_for_role(world, "secretariat")
    url = reverse("interpreter_edit", args=[event.pk, mai.pk])
    response = client.get(url)
    days = [
        (day.isoformat(), [(slot.label, ticked) for slot, ticked in slots])
        for day, slots in response.context["days"]
    ]
    row = ["09:00–09:30", "09:30–10:00", "10:00–10:30", "11:00–11:30", "11:30–12:00"]
    assert days == [
        ("2030-05-12", [(label, False) for label in row]),
        ("2030-05-13", [(label, label == "09:30–10:00") for label in row]),
    ]
    html = response.content.decode()
    assert 'value="2030-05-13 09:30" id="slot-2-2" checked' in html
    assert "Asia/Ho_Chi_Minh" in html
    with translation.override("zh-hans"):
        html = client.get(url.replace("/en/", "/zh-hans/")).content.decode()
    assert "2030年5月12日" in html
    assert "星期日" in html
    with translation.override("vi"):
        html = client.get(url.replace("/en/", "/vi/")).content.decode()
    assert "12 tháng 5 năm 2030" in html


def test_the_edit_form_saves_and_keeps_input_on_errors(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    client = client_for_role(world, "secretariat")
    url = reverse("interpreter_edit", args=[symposium.event.pk, mai.pk])
    bad = {
        "name": "Nguyễn Thị Mai",
        "language_a": "zh",
        "language_b": "zh",
        "unavailable": [SLOTS[1], SLOTS[3]],
    }
    response = client.post(url, bad)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"language_b": ["An interpreter works between two languages."]}
    html = response.content.decode()
    assert 'value="Nguyễn Thị Mai"' in html
    ticked = [s.key for _day, slots in response.context["days"] for s, on in slots if on]
    assert ticked == [SLOTS[1], SLOTS[3]]
    mai.refresh_from_db()
    assert (mai.name, mai.unavailable) == ("Mai", [])

    response = client.post(url, {**bad, "language_b": "vi"})
    assert response.status_code == 302
    assert response["Location"] == reverse("interpreter_list", args=[symposium.event.pk])
    mai.refresh_from_db()
    assert (mai.name, mai.language_a, mai.language_b, mai.unavailable) == (
        "Nguyễn Thị Mai",
        "zh",
        "vi",
        [SLOTS[1], SLOTS[3]],
    )


def test_the_edit_form_shows_why_a_meeting_keeps_them(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    _busy_meeting(symposium, mai, slot=SLOTS[1])
    client = client_for_role(world, "secretariat")
    url = reverse("interpreter_edit", args=[symposium.event.pk, mai.pk])
    response = client.post(
        url, {"name": "Mai", "language_a": "vi", "language_b": "zh", "unavailable": [SLOTS[1]]}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["unavailable"]
    assert "no other interpreter for this language pair is free then" in response.content.decode()


def test_the_add_form_takes_the_unavailable_slots(world, symposium):
    client = client_for_role(world, "secretariat")
    response = client.post(
        reverse("interpreter_add", args=[symposium.event.pk]),
        {"name": "Anna", "language_a": "en", "language_b": "vi", "unavailable": [SLOTS[4]]},
    )
    assert response.status_code == 302
    item = Interpreter.objects.get(event=symposium.event)
    assert (item.name, item.language_a, item.language_b, item.unavailable) == (
        "Anna",
        "en",
        "vi",
        [SLOTS[4]],
    )


def test_remove_asks_first_then_removes_or_says_why_not(world, symposium):
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    anna = InterpreterFactory(event=symposium.event, name="Anna")
    _busy_meeting(symposium, mai)
    client = client_for_role(world, "secretariat")
    response = client.get(reverse("interpreter_remove", args=[symposium.event.pk, anna.pk]))
    assert response.status_code == 200
    assert "Remove interpreter Anna?" in response.content.decode()
    assert Interpreter.objects.filter(pk=anna.pk).exists()
    response = client.post(reverse("interpreter_remove", args=[symposium.event.pk, anna.pk]))
    assert response.status_code == 302
    assert not Interpreter.objects.filter(pk=anna.pk).exists()

    page = client.get(reverse("interpreter_remove", args=[symposium.event.pk, mai.pk]))
    assert "cannot be removed yet" in page.content.decode()
    response = client.post(
        reverse("interpreter_remove", args=[symposium.event.pk, mai.pk]), follow=True
    )
    assert Interpreter.objects.filter(pk=mai.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Mai interprets published meetings at 2030-05-12 09:30, so they cannot be removed. "
        "Cancel those meetings, or mark Mai unavailable in those slots so that a colleague "
        "takes them over, first."
    ]


def test_another_events_interpreter_is_not_found(world, symposium):
    other = InterpreterFactory(event=EventFactory(alliance=world.alliance))
    client = client_for_role(world, "secretariat")
    for name in ("interpreter_edit", "interpreter_remove"):
        url = reverse(name, args=[symposium.event.pk, other.pk])
        assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Interpreter.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_page_runs_the_same_queries_for_1_and_3(
    world, symposium, count, django_assert_num_queries
):
    client = client_for_role(world, "secretariat")
    url = reverse("interpreter_list", args=[symposium.event.pk])
    mai = InterpreterFactory(event=symposium.event, name="Mai")
    _busy_meeting(symposium, mai)
    client.get(url)  # warm the session and the viewer
    for i in range(count - 1):
        InterpreterFactory(event=symposium.event, name=f"Extra {i}", unavailable=SLOTS[:i])
    with django_assert_num_queries(QUERIES_LIST_PAGE):
        response = client.get(url)
    assert len(response.context["rows"]) == count


#: Session, person, the viewer (memberships, secretariat alliances), the event, the interpreters
#: with their meeting counts, and the page frame's alliance, organization and unread notifications.
QUERIES_LIST_PAGE = 9
