"""Input and output schemas of the events API.

Outputs carry every per-language field plus the value in the request's language (``title``).
Inputs take enum values as plain strings (the domain validates them, so errors come back
translated); the OpenAPI schema lists the allowed values.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sanxin.directory.api_schemas import AllianceRef, OrgRef, _enum
from sanxin.events.enums import (
    SPOKEN_LANGUAGES,
    Attendance,
    EventAudience,
    EventStatus,
    OutcomeResult,
    Priority,
)
from sanxin.projects.enums import ProjectType

# --- outputs ------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    title: str
    title_en: str
    title_zh: str
    title_vi: str
    alliance: AllianceRef
    start_date: dt.date
    end_date: dt.date
    venue: str
    time_zone: str
    audience: str
    status: str
    registration_open: bool
    booking_open: bool


class EventDetail(EventOut):
    description: str
    description_en: str
    description_zh: str
    description_vi: str
    capacity: int | None = None
    allow_guests: bool
    guest_approval: bool
    meeting_days: list[str]
    meeting_start: dt.time
    meeting_end: dt.time
    slot_minutes: int
    breaks: list[list[str]]
    tables_per_slot: int
    request_deadline: dt.datetime | None = None
    max_meetings_per_person: int
    max_requests_per_person: int
    request_expiry_days: int
    slots: list[str] = Field(description="Meeting slot keys (local start), in time order.")
    version: int = Field(
        description="Send it back with a change (PATCH): a change saved meanwhile → 409."
    )


class PersonName(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class RegistrationOut(Schema):
    id: int
    person: PersonName
    organization: OrgRef | None = None
    kind: str
    status: str
    listed: bool
    offers: str
    seeks: str
    languages: list[str]
    interpreter_needed: bool
    delegation: int | None = Field(None, description="Delegation id: its members meet as one.")

    @staticmethod
    def resolve_delegation(obj) -> int | None:
        return obj.delegation_id


class RegistrationRef(Schema):
    id: int
    person: PersonName
    organization: OrgRef | None = None


class RequestOut(Schema):
    id: int
    sender: RegistrationRef
    recipient: RegistrationRef
    message: str
    priority: str
    status: str
    created: dt.datetime
    expires: dt.datetime | None = None
    answered: dt.datetime | None = None


class MeetingOut(Schema):
    id: int
    request: int
    sender: RegistrationRef
    recipient: RegistrationRef
    slot: str
    starts: dt.datetime
    ends: dt.datetime
    table: int
    interpreter: str | None = None
    status: str
    attendance: str

    @staticmethod
    def resolve_request(obj) -> int:
        return obj.request_id

    @staticmethod
    def resolve_sender(obj):
        return obj.request.sender

    @staticmethod
    def resolve_recipient(obj):
        return obj.request.recipient

    @staticmethod
    def resolve_interpreter(obj) -> str | None:
        return obj.interpreter.name if obj.interpreter_id else None


class UnplacedOut(Schema):
    request: int
    reason: str
    label: str
    detail: str


class RunOut(Schema):
    id: int
    status: str
    allow_moves: bool
    created: dt.datetime
    finished: dt.datetime | None = None
    requests: int
    meetings: int
    new_meetings: int
    moved: int
    objective: float | None = None
    upper_bound: float | None = None
    gap: float | None = None
    greedy_objective: float | None = None
    solver_status: str
    idle_gaps: int
    seconds: float | None = None
    unplaced: list[UnplacedOut]
    error: str


class MeetingCapacityOut(Schema):
    slots: int
    tables_per_slot: int
    places: int
    participants: int
    accepted: int
    expected: int
    warnings: list[str]


class OutcomeOut(Schema):
    id: int
    meeting: int
    registration: int
    result: str
    note: str
    project: int | None = None
    follow_up: int | None = None

    @staticmethod
    def resolve_meeting(obj) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_registration(obj) -> int:
        return obj.registration_id

    @staticmethod
    def resolve_project(obj) -> int | None:
        return obj.project_id

    @staticmethod
    def resolve_follow_up(obj) -> int | None:
        return obj.follow_up_id


class ProjectRef(Schema):
    id: int
    title: str
    stage: str
    origin: str


class EventRatioOut(Schema):
    key: str
    name: str
    percent: float | None = None


class ReportOut(Schema):
    registrations: int
    checked_in: int
    requests: dict[str, int]
    meetings: int
    held: int
    no_shows: int
    cancelled: int
    outcomes: dict[str, int]
    follow_ups: int
    projects: list[ProjectRef]
    ratios: list[EventRatioOut]


class InterpreterOut(Schema):
    id: int
    name: str
    language_a: str
    language_b: str
    unavailable: list[str] = Field(description="Slot keys in which the interpreter cannot work.")
    meetings: int = Field(description="Published meetings the interpreter is assigned to.")

    @staticmethod
    def resolve_meetings(obj) -> int:
        return getattr(obj, "meeting_count", 0)


class InterpreterConflictOut(Schema):
    """409 of an interpreter change or removal: a published meeting still needs them."""

    code: str = Field(description="``interpreter_busy``.")
    message: str
    errors: dict[str, list[str]] = Field(description="What is in the way, by field.")


# --- inputs -------------------------------------------------------------------------------


class EventIn(Schema):
    alliance: str | None = Field(None, description="Short code of the organizing alliance.")
    title_en: str | None = None
    title_zh: str | None = None
    title_vi: str | None = None
    description_en: str | None = None
    description_zh: str | None = None
    description_vi: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    venue: str | None = None
    time_zone: str | None = None
    audience: str | None = _enum(EventAudience)
    registration_open: bool | None = None
    capacity: int | None = None
    allow_guests: bool | None = None
    guest_approval: bool | None = None
    meeting_days: list[str] | None = None
    meeting_start: dt.time | None = None
    meeting_end: dt.time | None = None
    slot_minutes: int | None = Field(None, ge=1, le=1440)
    breaks: list[list[str]] | None = None
    tables_per_slot: int | None = Field(None, ge=0, le=10000)
    request_deadline: dt.datetime | None = None
    max_meetings_per_person: int | None = Field(None, ge=0, le=1000)
    max_requests_per_person: int | None = Field(None, ge=0, le=1000)
    request_expiry_days: int | None = Field(None, ge=0, le=365)
    version: int | None = Field(
        None,
        description="Update: the version you read. When someone changed the event after it, "
        "the change is refused with 409 and what they changed; leave it out to overwrite.",
    )


class StatusIn(Schema):
    status: str = _enum(EventStatus)


class BookingIn(Schema):
    open: bool


class RegistrationIn(Schema):
    listed: bool = False
    offers: str = ""
    seeks: str = ""
    languages: list[str] = []
    interpreter_needed: bool = False
    unavailable: list[str] = Field([], description="Slot keys the person cannot attend.")
    max_meetings: int | None = Field(None, ge=0, le=1000)
    in_delegation: bool = Field(False, description="Meet together with colleagues.")


class RequestIn(Schema):
    recipient: int = Field(description="The participant's registration id.")
    message: str = ""
    priority: str = _enum(Priority, Priority.WANT)


class ScheduleIn(Schema):
    allow_moves: bool = False


class AttendanceIn(Schema):
    attendance: str = _enum(Attendance)
    no_show_by: int | None = Field(None, description="Registration id of the side that missed.")


class OutcomeIn(Schema):
    result: str = _enum(OutcomeResult)
    note: str = ""
    side: int | None = Field(None, description="Registration id (organisers only).")


class OutcomeProjectIn(Schema):
    title_en: str = ""
    title_zh: str = ""
    title_vi: str = ""
    description_en: str = ""
    project_type: str = _enum(ProjectType)
    country: str | None = None


def _language(default: object = ..., description: str = "") -> object:
    """A language code field whose allowed values show in the OpenAPI schema."""
    codes = [code for code, _label in SPOKEN_LANGUAGES]
    return Field(default, description=description, json_schema_extra={"enum": codes})


class InterpreterIn(Schema):
    name: str
    language_a: str = _language(description="ISO 639-1 code of one language, e.g. ``zh``.")
    language_b: str = _language(description="ISO 639-1 code of the other language, e.g. ``vi``.")
    unavailable: list[str] = Field([], description="Slot keys in which they cannot work.")


class InterpreterPatchIn(Schema):
    name: str | None = None
    language_a: str | None = _language(None)
    language_b: str | None = _language(None)
    unavailable: list[str] | None = Field(
        None, description="Slot keys in which they cannot work (the whole list)."
    )
