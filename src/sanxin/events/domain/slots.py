"""Meeting slots of an event, computed from its meeting settings in the event's time zone.

A slot's key is its local start, ``"2026-05-12 09:30"``: readable, sortable, and stable as long
as the meeting days and hours do not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sanxin.events.models import Event

KEY_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Slot:
    key: str
    day: dt.date
    starts: dt.datetime
    ends: dt.datetime

    @property
    def label(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


def zone(event: Event) -> ZoneInfo:
    try:
        return ZoneInfo(event.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def meeting_days(event: Event) -> list[dt.date]:
    if event.meeting_days:
        return sorted(dt.date.fromisoformat(d) for d in event.meeting_days)
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + dt.timedelta(days=i) for i in range(max(days, 0))]


def parse_time(text: str) -> dt.time:
    return dt.time.fromisoformat(text.strip())


def breaks(event: Event) -> list[tuple[dt.time, dt.time]]:
    return [(parse_time(a), parse_time(b)) for a, b in (event.breaks or [])]


def event_slots(event: Event) -> list[Slot]:
    """Every meeting slot in time order: within the meeting hours, outside the breaks."""
    tz = zone(event)
    length = dt.timedelta(minutes=max(event.slot_minutes, 1))
    pauses = breaks(event)
    out: list[Slot] = []
    for day in meeting_days(event):
        start = dt.datetime.combine(day, event.meeting_start)
        end = dt.datetime.combine(day, event.meeting_end)
        t = start
        while t + length <= end:
            t_end = t + length
            clash = next(
                (
                    dt.datetime.combine(day, b)
                    for a, b in pauses
                    if t < dt.datetime.combine(day, b) and dt.datetime.combine(day, a) < t_end
                ),
                None,
            )
            if clash is not None:
                t = clash
                continue
            out.append(
                Slot(t.strftime(KEY_FORMAT), day, t.replace(tzinfo=tz), t_end.replace(tzinfo=tz))
            )
            t = t_end
    return out


def slot_map(event: Event) -> dict[str, Slot]:
    return {slot.key: slot for slot in event_slots(event)}
