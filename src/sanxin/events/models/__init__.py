from sanxin.events.models.event import Event, Interpreter, Session, Speaker
from sanxin.events.models.meetings import Meeting, MeetingRequest, Outcome, ScheduleRun
from sanxin.events.models.participants import Delegation, Registration

__all__ = [
    "Delegation",
    "Event",
    "Interpreter",
    "Meeting",
    "MeetingRequest",
    "Outcome",
    "Registration",
    "ScheduleRun",
    "Session",
    "Speaker",
]
