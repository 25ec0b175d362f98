"""The demo symposium: participants, meeting requests and a solved schedule.

Built through the domain functions after the demo alliance (``sanxin.demo.load_everything``):
the secretariat creates and publishes the event and opens meeting requests, members register
(some as a delegation), send requests with priorities, most are accepted, and the scheduler
places them. Everything is fictional and marked as demo data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sanxin.directory.domain.people import create_person
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Alliance, Organization, Person
from sanxin.events.domain.events import (
    add_session,
    create_event,
    set_booking,
    set_event_status,
)
from sanxin.events.domain.interpreters import add_interpreter
from sanxin.events.domain.registrations import register
from sanxin.events.domain.requests import accept_request, decline_request, send_request
from sanxin.events.domain.scheduling import request_schedule, run_schedule
from sanxin.events.domain.slots import zone
from sanxin.events.enums import EventAudience, EventStatus, Priority
from sanxin.events.models import Event

MAIN_ALLIANCE_SLUG = "sanxin-southwest"

#: (username, organization key, display name, UI language, languages spoken, delegation).
#: The first three are demo sign-in accounts of the directory demo; the others appear only.
PARTICIPANTS: tuple[tuple[str, str, str, str, tuple[str, ...], bool], ...] = (
    ("gearbox.admin", "shuling-gear", "", "zh-hans", ("zh", "en"), False),
    ("battery.member", "yusheng-battery", "", "zh-hans", ("zh",), True),
    ("epc.partner", "rongchen-epc", "", "zh-hans", ("zh", "en"), False),
    ("demo.yusheng2", "yusheng-battery", "周海峰", "zh-hans", ("zh", "en"), True),
    ("demo.rongchu", "rongchu-storage", "刘晓琳", "zh-hans", ("zh",), False),
    ("demo.jinguan", "jinguan-bank", "孙立", "zh-hans", ("zh", "en"), False),
    ("demo.suining", "suining-licycle", "黄文博", "zh-hans", ("zh",), False),
    ("demo.dianxi", "dianxi-wind", "杨丽", "zh-hans", ("zh",), False),
    ("demo.hongla", "honglam-epc", "Trần Thị Lan", "vi", ("vi", "en"), False),
    ("demo.nangvang", "nangvang-solar", "Phạm Quốc Bảo", "vi", ("vi",), False),
    ("demo.canhdieu", "canhdieu-wind", "Lê Minh Tuấn", "vi", ("vi",), False),
    ("demo.vietgreen", "vietgreen-bank", "Đỗ Thu Hà", "vi", ("vi", "en"), False),
    ("demo.greenloop", "greenloop-recycling", "Vũ Đức Anh", "vi", ("vi",), False),
    ("demo.hpgreen", "hp-green-investment", "Ngô Thanh Hương", "vi", ("vi", "en"), False),
)

OFFERS = {
    "shuling-gear": ("3–8 MW wind gearboxes; service in Southeast Asia", "Wind farm developers"),
    "yusheng-battery": ("LFP cells and storage packs", "EPC partners for storage in Vietnam"),
    "rongchen-epc": ("EPC for PV, wind and storage", "Equipment suppliers, financing"),
    "rongchu-storage": ("Containerised storage systems", "Grid-side storage projects"),
    "jinguan-bank": ("Green loans, cross-border finance", "Bankable projects"),
    "suining-licycle": ("Battery recycling technology", "Used batteries from Vietnam"),
    "dianxi-wind": ("Plateau wind experience", "Turbine and gearbox suppliers"),
    "honglam-epc": ("EPC in northern Vietnam", "Chinese equipment partners"),
    "nangvang-solar": ("Rooftop PV portfolio", "Storage for solar plants"),
    "canhdieu-wind": ("Onshore wind sites in central Vietnam", "Gearboxes, O&M"),
    "vietgreen-bank": ("Green credit lines in VND", "Co-financing with Chinese banks"),
    "greenloop-recycling": ("Collection network for used batteries", "Recycling technology"),
    "hp-green-investment": ("Industrial land in Hai Phong", "Manufacturers to invest"),
}

#: (sender, recipient, priority, answer): answer is "accept", "decline" or "" (pending).
REQUESTS: tuple[tuple[str, str, str, str], ...] = (
    ("gearbox.admin", "demo.canhdieu", Priority.MUST, "accept"),
    ("gearbox.admin", "demo.dianxi", Priority.WANT, "accept"),
    ("battery.member", "demo.nangvang", Priority.MUST, "accept"),
    ("battery.member", "demo.hongla", Priority.WANT, "accept"),
    ("epc.partner", "demo.vietgreen", Priority.MUST, "accept"),
    ("epc.partner", "demo.hpgreen", Priority.WANT, "accept"),
    ("demo.rongchu", "demo.nangvang", Priority.WANT, "accept"),
    ("demo.jinguan", "demo.vietgreen", Priority.MUST, "accept"),
    ("demo.suining", "demo.greenloop", Priority.MUST, "accept"),
    ("demo.hongla", "gearbox.admin", Priority.MAYBE, "accept"),
    ("demo.hpgreen", "demo.rongchu", Priority.WANT, "accept"),
    ("demo.canhdieu", "epc.partner", Priority.WANT, "accept"),
    ("demo.greenloop", "battery.member", Priority.WANT, "accept"),
    ("demo.vietgreen", "demo.rongchu", Priority.MAYBE, "decline"),
    ("demo.nangvang", "demo.jinguan", Priority.WANT, ""),
    ("demo.dianxi", "demo.hongla", Priority.MAYBE, ""),
)


SESSIONS = (
    (9, ("Opening and keynote", "开幕式及主旨演讲", "Khai mạc và phát biểu chính")),
    (10, ("Members introduce themselves", "成员单位推介", "Các thành viên giới thiệu")),
)


@dataclass(frozen=True)
class DemoEvent:
    event: str
    participants: int
    requests: int
    meetings: int
    unplaced: int

    def __str__(self) -> str:
        return (
            f"Event: {self.event} — {self.participants} participants, {self.requests} meeting"
            f" requests, {self.meetings} meetings scheduled, {self.unplaced} unplaced"
        )


def _person(username: str, org: Organization, name: str, language: str) -> Person:
    existing = Person.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return create_person(
        actor=None,
        username=username,
        password=None,
        organization=org,
        role=PersonRole.MEMBER,
        email=f"{username}@demo.sanxin.example",
        display_name=name,
        language=language,
    )


def load_demo_event(*, today: dt.date) -> DemoEvent | None:
    alliance = Alliance.objects.filter(slug=MAIN_ALLIANCE_SLUG).first()
    secretariat = Person.objects.filter(username="secretariat").first()
    if alliance is None or secretariat is None:
        return None
    day = today + dt.timedelta(days=21)
    event = create_event(
        actor=secretariat,
        data={
            "alliance": alliance,
            "is_demo": True,
            "title_en": "Southwest China – Vietnam New-Energy Cooperation Symposium",
            "title_zh": "中国西南—越南新能源合作研讨会",
            "title_vi": "Hội thảo Hợp tác Năng lượng mới Tây Nam Trung Quốc – Việt Nam",
            "description_en": "Members introduce their situation, advantages and cooperation "
            "ideas on day one; day two is for 1:1 partner meetings.",
            "description_zh": "第一天成员单位介绍各自情况、产业优势和合作设想；"
            "第二天安排一对一洽谈。",
            "description_vi": "Ngày đầu các thành viên giới thiệu tình hình, thế mạnh và ý tưởng "
            "hợp tác; ngày thứ hai dành cho các cuộc gặp 1:1.",
            "start_date": day,
            "end_date": day + dt.timedelta(days=1),
            "venue": "Chengdu Century City International Convention Center",
            "time_zone": "Asia/Shanghai",
            "audience": EventAudience.ALLIANCE,
            "meeting_days": [(day + dt.timedelta(days=1)).isoformat()],
            "meeting_start": dt.time(9, 0),
            "meeting_end": dt.time(12, 0),
            "slot_minutes": 30,
            "breaks": [["10:30", "10:45"]],
            "tables_per_slot": 4,
            "max_meetings_per_person": 4,
        },
    )
    tz = zone(event)
    for hour, title in SESSIONS:
        add_session(
            actor=secretariat,
            event=event,
            data={
                "title_en": title[0],
                "title_zh": title[1],
                "title_vi": title[2],
                "starts": dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz),
                "ends": dt.datetime.combine(day, dt.time(hour, 50), tzinfo=tz),
                "room": "Hall A",
            },
            speakers=[("王明远", "Secretary-General, SW Sanxin Invest")] if hour == 9 else [],
        )
    add_interpreter(
        actor=secretariat,
        event=event,
        data={"name": "阮氏梅", "language_a": "vi", "language_b": "zh"},
    )
    add_interpreter(
        actor=secretariat,
        event=event,
        data={"name": "黎文长", "language_a": "vi", "language_b": "zh"},
    )
    set_event_status(actor=secretariat, event=event, status=EventStatus.PUBLISHED)
    set_booking(actor=secretariat, event=event, open_=True)
    orgs = {o.slug: o for o in Organization.objects.filter(is_demo=True)}
    regs = {}
    for username, org_key, name, language, spoken, together in PARTICIPANTS:
        if org_key not in orgs:
            continue
        person = _person(username, orgs[org_key], name, language)
        offers, seeks = OFFERS.get(org_key, ("", ""))
        regs[username] = register(
            actor=None,
            person=person,
            event=event,
            data={"listed": True, "offers": offers, "seeks": seeks, "languages": list(spoken)},
            in_delegation=together,
        )
    sent = 0
    for a, b, priority, answer in REQUESTS:
        if a not in regs or b not in regs:
            continue
        item = send_request(actor=None, sender=regs[a], recipient=regs[b], priority=priority)
        sent += 1
        if answer == "accept":
            accept_request(actor=None, request=item)
        elif answer == "decline":
            decline_request(actor=None, request=item)
    run = request_schedule(actor=secretariat, event=event)
    run = run_schedule(run_id=run.pk, time_limit=5)
    return DemoEvent(
        event=Event.objects.get(pk=event.pk).title_en,
        participants=len(regs),
        requests=sent,
        meetings=run.meetings,
        unplaced=len(run.unplaced),
    )
