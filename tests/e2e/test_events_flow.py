"""Two members register for a symposium, one requests a meeting, the other accepts, the
organiser runs the scheduler, both see the meeting in their agendas and download the .ics,
and the meeting's outcome becomes a project."""

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.events.enums import EventAudience, EventStatus
from sanxin.events.models import Event, Meeting, Outcome
from sanxin.projects.models import Project
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _context(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, username, PASSWORD)
    return context, page


def _register(page, event: Event) -> None:
    page.goto("/en/events/")
    page.click(f"main a[href$='/events/{event.pk}/']")
    page.click("#registration a.button")
    page.check("#id_listed")
    page.check("input[name=languages][value=en]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/en/events/{event.pk}/")
    assert "You are registered." in page.locator(".messages").inner_text()


def _ics(page, event: Event) -> Calendar:
    page.goto(f"/en/events/{event.pk}/agenda/")
    with page.expect_download() as info:
        page.click("#download-ics")
    return Calendar.from_ical(Path(info.value.path()).read_bytes())


def test_symposium_meeting_from_request_to_project(page, browser, live_server):
    secretariat_org = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    tianfu = OrganizationFactory(slug="tianfu", name_en="Tianfu Gearbox Co.")
    hanoi = OrganizationFactory(slug="hanoi-epc", name_en="Hanoi EPC JSC", country="VN")
    for org in (secretariat_org, tianfu, hanoi):
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    PersonFactory(username="organiser", organization=secretariat_org, role=PersonRole.SECRETARIAT)
    PersonFactory(username="lihua", display_name="Li Hua", organization=tianfu,
                  role=PersonRole.ORG_ADMIN)  # fmt: skip
    PersonFactory(username="nguyen", display_name="Nguyễn Văn An", organization=hanoi,
                  role=PersonRole.ORG_ADMIN)  # fmt: skip
    day = dt.date.today() + dt.timedelta(days=30)  # noqa: DTZ011 - the server's local date
    event = Event.objects.create(
        alliance=alliance,
        title_en="Chengdu new-energy symposium",
        title_zh="成都新能源研讨会",
        start_date=day,
        end_date=day,
        venue="Chengdu Century City",
        audience=EventAudience.ALLIANCE,
        status=EventStatus.PUBLISHED,
        booking_open=True,
        meeting_start=dt.time(9, 0),
        meeting_end=dt.time(11, 0),
        breaks=[],
        tables_per_slot=2,
    )

    # Both register, consenting to the participant list.
    sign_in(page, "lihua", PASSWORD)
    _register(page, event)
    other, nguyen = _context(browser, live_server, "nguyen")
    _register(nguyen, event)

    # Li Hua asks Nguyễn for a meeting; pending requests block nothing.
    page.goto(f"/en/events/{event.pk}/participants/")
    row = page.locator("tr", has_text="Nguyễn Văn An")
    row.locator("a:has-text('Request a meeting')").click()
    page.select_option("#id_priority", "must")
    page.fill("#id_message", "Gearboxes for your wind farms?")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/en/events/{event.pk}/requests/")
    assert "Pending" in page.locator("#requests").inner_text()

    # Nguyễn accepts.
    nguyen.goto(f"/en/events/{event.pk}/requests/")
    nguyen.click("#requests button:has-text('Accept')")
    nguyen.wait_for_url(f"**/en/events/{event.pk}/requests/")
    assert "Accepted" in nguyen.locator("#requests").inner_text()

    # The organiser runs the scheduler.
    org_context, organiser = _context(browser, live_server, "organiser")
    organiser.goto(f"/en/events/{event.pk}/schedule/")
    organiser.click("#run-scheduler")
    organiser.wait_for_url(f"**/en/events/{event.pk}/schedule/")
    assert organiser.locator("#meetings-placed").inner_text().startswith("1 of 1")
    organiser.goto(f"/en/events/{event.pk}/tables/")
    assert "Li Hua" in organiser.locator("#table-plan").inner_text()
    org_context.close()
    meeting = Meeting.objects.get()

    # Both see the meeting in their agenda and in the .ics they download.
    for who, other_name in ((page, "Nguyễn Văn An"), (nguyen, "Li Hua")):
        who.goto(f"/en/events/{event.pk}/agenda/")
        assert f"Meeting with {other_name}" in who.locator(f"#meeting-{meeting.pk}").inner_text()
        cal = _ics(who, event)
        summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
        assert summaries == [f"Meeting with {other_name} · " + (
            "Hanoi EPC JSC" if other_name.startswith("Ng") else "Tianfu Gearbox Co."
        )]  # fmt: skip
        assert cal.walk("VEVENT")[0].decoded("DTSTART") == meeting.starts
    other.close()

    # Li Hua records the outcome, which becomes a project whose origin is the meeting.
    page.goto(f"/en/events/{event.pk}/agenda/")
    page.click(f"#meeting-{meeting.pk} a:has-text('Record the outcome')")
    page.check("input[name=result][value=agreement]")
    page.fill("#id_note", "MoU for a gearbox plant in Bac Ninh")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/events/outcomes/*/")
    page.fill("#id_project-title_en", "Bac Ninh gearbox plant")
    page.select_option("#id_project-project_type", "equipment_manufacturing")
    page.select_option("#id_project-country", "VN")
    page.click("#launch-project button[type=submit]")
    page.wait_for_url("**/en/projects/*/")
    project = Project.objects.get()
    assert Outcome.objects.get().project == project
    assert project.owner == tianfu
    assert project.origin.startswith("Meeting at Chengdu new-energy symposium")
    assert "Meeting at Chengdu new-energy symposium" in page.locator("main").inner_text()
