"""States and kinds of events, registrations, meeting requests, meetings and outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class EventAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public event)")
    ALLIANCE = "alliance", _("Members of the organizing alliance")


class RegistrationKind(models.TextChoices):
    MEMBER = "member", pgettext_lazy("registration kind", "Member")
    GUEST = "guest", pgettext_lazy("registration kind", "Guest")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("registration status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("registration status", "Registered")
    DECLINED = "declined", pgettext_lazy("registration status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


#: Registrations that hold a seat (count against the capacity).
SEAT_STATUSES: tuple[str, ...] = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)


class Priority(models.TextChoices):
    MUST = "must", _("Must meet")
    WANT = "want", _("Want to meet")
    MAYBE = "maybe", _("Maybe")


#: Scheduler weight of each priority (the match score adds up to 9 on top).
PRIORITY_WEIGHT: dict[str, int] = {Priority.MUST: 30, Priority.WANT: 20, Priority.MAYBE: 10}


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("meeting request status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("meeting request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting request status", "Declined")
    EXPIRED = "expired", pgettext_lazy("meeting request status", "Expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("meeting request status", "Withdrawn")


#: Requests that still count against the sender's quota and block a duplicate.
LIVE_REQUEST_STATUSES: tuple[str, ...] = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


class MeetingStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("meeting status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Attendance(models.TextChoices):
    EXPECTED = "expected", pgettext_lazy("attendance", "Expected")
    HELD = "held", pgettext_lazy("attendance", "Held (checked in)")
    NO_SHOW = "no_show", pgettext_lazy("attendance", "No-show")


class OutcomeResult(models.TextChoices):
    FOLLOW_UP = "follow_up", pgettext_lazy("meeting outcome", "Follow up")
    AGREEMENT = "agreement", pgettext_lazy("meeting outcome", "Agreement intended")
    NO_FIT = "no_fit", pgettext_lazy("meeting outcome", "No fit")


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("scheduler run", "Queued")
    RUNNING = "running", pgettext_lazy("scheduler run", "Running")
    DONE = "done", pgettext_lazy("scheduler run", "Done")
    FAILED = "failed", pgettext_lazy("scheduler run", "Failed")


#: Languages a participant may say they speak (ISO 639-1); the scheduler pairs interpreters.
SPOKEN_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("th", _("Thai")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
)
LANGUAGE_CODES: frozenset[str] = frozenset(code for code, _label in SPOKEN_LANGUAGES)


#: Why the scheduler could not place an accepted request (``sanxin.engines.scheduling``), plus
#: ``duplicate``: a second accepted request between the same two parties.
UNPLACED_REASONS: dict[str, object] = {
    "no_common_slot": _("The two sides share no slot where both are available."),
    "no_interpreter": _("An interpreter is needed and none is available for the language pair."),
    "no_tables": _("No tables in any slot both sides could attend."),
    "max_meetings": _("One side already has their maximum number of meetings."),
    "tables_full": _("Every table is taken in the slots both sides could attend."),
    "interpreters_busy": _("The interpreters for this language pair are busy in those slots."),
    "participant_busy": _("One side meets someone else in every slot both could attend."),
    "not_placed": _("It still fits: the scheduler ran out of time. Run it again."),
    "duplicate": _("The two parties already have another accepted request."),
}
