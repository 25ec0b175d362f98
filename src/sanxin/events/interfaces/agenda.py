"""A person's agenda as rows (page, PDF and .ics share them), the .ics and the PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.events.domain.slots import zone
from sanxin.events.models import Event, Meeting, Registration, Session


@dataclass(frozen=True)
class AgendaItem:
    uid: str
    starts: dt.datetime
    ends: dt.datetime
    title: str
    where: str
    detail: str
    meeting: Meeting | None = None


def _party(reg: Registration) -> str:
    org = reg.organization.name if reg.organization_id else ""
    return f"{reg.person} · {org}" if org else str(reg.person)


def other_side(meeting: Meeting, mine: set[int]) -> Registration:
    request = meeting.request
    return request.recipient if request.sender_id in mine else request.sender


def agenda_items(
    event: Event, meetings: list[Meeting], sessions: list[Session], mine: set[int]
) -> list[AgendaItem]:
    """The person's meetings and the event's sessions, in time order."""
    items = []
    for meeting in meetings:
        other = other_side(meeting, mine)
        where = _("Table %(n)s") % {"n": meeting.table}
        detail = ""
        if meeting.interpreter_id:
            detail = _("Interpreter: %(name)s") % {"name": meeting.interpreter.name}
        items.append(
            AgendaItem(
                uid=f"meeting-{meeting.pk}@sanxin",
                starts=meeting.starts,
                ends=meeting.ends,
                title=_("Meeting with %(who)s") % {"who": _party(other)},
                where=where,
                detail=detail,
                meeting=meeting,
            )
        )
    for session in sessions:
        speakers = ", ".join(
            f"{s.name} ({s.affiliation})" if s.affiliation else s.name
            for s in session.speakers.all()
        )
        items.append(
            AgendaItem(
                uid=f"session-{session.pk}@sanxin",
                starts=session.starts,
                ends=session.ends,
                title=session.title,
                where=session.room,
                detail=speakers,
            )
        )
    return sorted(items, key=lambda item: (item.starts, item.uid))


def agenda_ics(event: Event, items: list[AgendaItem], *, now: dt.datetime | None = None) -> bytes:
    """An RFC 5545 calendar: one VEVENT per item, times in UTC, stable UIDs."""
    from icalendar import Calendar  # noqa: PLC0415
    from icalendar import Event as IcsEvent  # noqa: PLC0415

    stamp = (now or timezone.now()).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//Sanxin//Event agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", event.title)
    for item in items:
        entry = IcsEvent()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.starts.astimezone(dt.UTC))
        entry.add("dtend", item.ends.astimezone(dt.UTC))
        entry.add("summary", item.title)
        location = ", ".join(part for part in (item.where, event.venue) if part)
        if location:
            entry.add("location", location)
        if item.detail:
            entry.add("description", item.detail)
        cal.add_component(entry)
    return cal.to_ical()


def agenda_pdf(
    event: Event, person_label: str, items: list[AgendaItem], *, compress: bool = True
) -> bytes:
    """A printable A4 agenda; text in any of the three languages (``common.pdf``)."""
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import (  # noqa: PLC0415
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from sanxin.common.pdf import markup, styles  # noqa: PLC0415

    st = styles()
    tz = zone(event)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=event.title,
        author="Sanxin",
        invariant=True,
        pageCompression=1 if compress else 0,
    )
    dates = f"{event.start_date:%Y-%m-%d}"
    if event.end_date != event.start_date:
        dates += f" – {event.end_date:%Y-%m-%d}"
    story = [
        Paragraph(markup(event.title), st["title"]),
        Paragraph(markup(f"{dates} · {event.venue} · {event.time_zone}"), st["body"]),
        Paragraph(markup(_("Agenda of %(person)s") % {"person": person_label}), st["heading"]),
        Spacer(1, 4 * mm),
    ]
    rows = [
        [
            Paragraph(markup(_("Time")), st["cell"]),
            Paragraph(markup(_("What")), st["cell"]),
            Paragraph(markup(_("Where")), st["cell"]),
        ]
    ]
    for item in items:
        starts, ends = item.starts.astimezone(tz), item.ends.astimezone(tz)
        what = markup(item.title)
        if item.detail:
            what += "<br/>" + markup(item.detail)
        rows.append(
            [
                Paragraph(markup(f"{starts:%Y-%m-%d}\n{starts:%H:%M}–{ends:%H:%M}"), st["cell"]),
                Paragraph(what, st["cell"]),
                Paragraph(markup(item.where), st["cell"]),
            ]
        )
    if len(rows) == 1:
        story.append(Paragraph(markup(_("Nothing on your agenda yet.")), st["body"]))
    else:
        table = Table(rows, colWidths=[32 * mm, 105 * mm, 37 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#d5dbe3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
