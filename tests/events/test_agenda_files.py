"""The personal agenda as .ics (parsed back with icalendar) and as PDF; the PDF text module."""

from __future__ import annotations

import base64
import datetime as dt
import re
import zlib

import pytest
from django.urls import reverse
from icalendar import Calendar

from sanxin.common.pdf import CJK, LATIN, markup, runs
from sanxin.events.interfaces.agenda import agenda_pdf
from tests.events.conftest import client_for_role
from tests.events.factories import (
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SessionFactory,
)


@pytest.fixture
def agenda(symposium):
    SessionFactory(event=symposium.event, title_en="Opening", title_zh="开幕式", room="Hall A")
    request = MeetingRequestFactory(
        sender=symposium.member, recipient=symposium.partner, status="accepted"
    )
    return MeetingFactory(
        request=request, table=2, interpreter=InterpreterFactory(event=symposium.event)
    )


@pytest.mark.integration
def test_ics_is_valid_rfc5545_with_the_meeting_and_the_sessions(agenda, symposium, world):
    response = client_for_role(world, "partner").get(
        reverse("event_agenda_ics", args=[symposium.event.pk])
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    cal = Calendar.from_ical(response.content)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", "-//Sanxin//Event agenda//EN")
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "Opening",
        f"Meeting with {world.member} · Member Gearbox Co.",
    ]
    meeting = events[1]
    assert meeting.decoded("DTSTART") == dt.datetime(2030, 5, 12, 1, 0, tzinfo=dt.UTC)
    assert meeting.decoded("DTEND") == dt.datetime(2030, 5, 12, 1, 30, tzinfo=dt.UTC)
    assert str(meeting["LOCATION"]) == "Table 2, Chengdu Century City"
    assert str(meeting["UID"]) == f"meeting-{agenda.pk}@sanxin"
    assert str(meeting["DESCRIPTION"]).startswith("Interpreter: ")
    assert all("DTSTAMP" in e for e in events)


@pytest.mark.integration
def test_the_ics_is_in_the_viewers_language(agenda, symposium, world):
    response = client_for_role(world, "member").get(
        reverse("event_agenda_ics", args=[symposium.event.pk]).replace("/en/", "/zh-hans/")
    )
    cal = Calendar.from_ical(response.content)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "开幕式",
        f"与 {world.partner} · {world.partner_org.name_zh} 洽谈",
    ]
    assert str(events[1]["LOCATION"]) == "2 号桌, Chengdu Century City"


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        data = raw.strip()
        if data.endswith(b"~>"):  # ASCII85, then Flate
            data = base64.a85decode(data[:-2])
        try:
            out.append(zlib.decompressobj().decompress(data))
        except zlib.error:
            out.append(data)
    return out


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        code = match[1]
        return bytes([int(code, 8)]) if code[:1].isdigit() else _ESCAPES.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal)


def _shown_text(content: bytes) -> bytes:
    """The bytes of every string shown with Tj, PDF escapes undone."""
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content, re.DOTALL)
    return b"\n".join(_unescape(s) for s in strings)


@pytest.mark.integration
def test_pdf_agenda_mixes_chinese_and_vietnamese(agenda, symposium, world):
    """No PDF text extractor is installed, so the test reads the PDF's own structure: pages,
    fonts, ASCII text (reportlab keeps ASCII readable in TTF subsets), Chinese as UCS-2 in the
    CID font, and the Vietnamese letters in the subset's ToUnicode map."""
    world.partner.display_name = "Nguyễn Thị Hằng"
    world.partner.save()
    response = client_for_role(world, "member").get(
        reverse("event_agenda_pdf", args=[symposium.event.pk]).replace("/en/", "/zh-hans/")
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert b"/BaseFont /STSong-Light" in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoSans-Regular", pdf)
    text = b"".join(_streams(pdf))
    shown = _shown_text(text)
    assert b"Chengdu Century City" in shown
    assert "研讨会".encode("utf-16-be") in shown  # the event's Chinese title, in STSong-Light
    assert "开幕式".encode("utf-16-be") in shown
    to_unicode = text.upper()
    for letter in "ễịằ":
        assert f"{ord(letter):04X}".encode() in to_unicode, letter


@pytest.mark.unit
def test_runs_split_by_script_and_keep_neutral_characters():
    assert runs("Nguyễn Văn An · 成都 第2桌 Table 2") == [
        (LATIN, "Nguyễn Văn An · "),
        (CJK, "成都 第2桌 "),
        (LATIN, "Table 2"),
    ]
    assert runs("2030") == [(LATIN, "2030")]
    assert runs("") == []


@pytest.mark.unit
def test_markup_escapes_user_text():
    assert markup("<b>A&B</b>\n越南") == (
        f'<font name="{LATIN}">&lt;b&gt;A&amp;B&lt;/b&gt;</font><br/><font name="{CJK}">越南</font>'
    )


@pytest.mark.integration
def test_pdf_without_meetings(symposium, world):
    pdf = agenda_pdf(symposium.event, "Lý Thị Mai · 越南", [], compress=False)
    assert b"Nothing on your agenda yet." in pdf


@pytest.mark.integration
def test_pdf_text_reads_back_in_three_scripts(agenda, symposium, world):
    """pypdf extracts what a reader would copy: Vietnamese and Chinese come back intact."""
    import io

    from pypdf import PdfReader

    world.partner.display_name = "Nguyễn Thị Hằng"
    world.partner.save()
    response = client_for_role(world, "member").get(
        reverse("event_agenda_pdf", args=[symposium.event.pk]).replace("/en/", "/zh-hans/")
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Chengdu Century City" in text
    assert "研讨会" in text
    assert "Nguyễn Thị Hằng" in text
