"""Events (symposiums): organizing alliance, dates, venue, registration and meeting settings,
the agenda's sessions and speakers, and the interpreters available for 1:1 meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized
from sanxin.events.enums import EventAudience, EventStatus


def _default_breaks() -> list[list[str]]:
    return [["12:00", "13:30"]]


class Event(models.Model):
    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("organizing alliance"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=250, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=250, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    audience = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=EventAudience.choices,
        default=EventAudience.ALLIANCE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Registration
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    allow_guests = models.BooleanField(_("guests may register"), default=True)
    guest_approval = models.BooleanField(_("guests need approval"), default=True)
    # 1:1 meetings
    meeting_days = models.JSONField(
        _("meeting days"),
        default=list,
        blank=True,
        help_text=_("Dates with 1:1 meetings; empty: every day of the event."),
    )
    meeting_start = models.TimeField(_("meetings start at"), default=dt.time(9, 0))
    meeting_end = models.TimeField(_("meetings end at"), default=dt.time(17, 0))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    breaks = models.JSONField(
        _("breaks"), default=_default_breaks, blank=True, help_text=_("Times without meetings.")
    )
    tables_per_slot = models.PositiveSmallIntegerField(_("tables per slot"), default=10)
    booking_open = models.BooleanField(_("meeting requests open"), default=False)
    request_deadline = models.DateTimeField(_("request deadline"), null=True, blank=True)
    max_meetings_per_person = models.PositiveSmallIntegerField(
        _("maximum meetings per person"), default=8
    )
    max_requests_per_person = models.PositiveSmallIntegerField(
        _("maximum requests a person may send"), default=20
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        _("unanswered requests expire after (days)"), default=7
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Counts the changes of the edited fields (optimistic locking, sanxin.common.concurrency):
    # an edit based on an older version is refused instead of overwriting a change made since.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_zh="", title_vi=""),
                name="event_has_a_title",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Session(models.Model):
    """One item of the agenda: a talk, a panel, the opening ceremony."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=250, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=250, blank=True)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=120, blank=True)

    class Meta:
        ordering = ("event", "starts", "id")
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_zh="", title_vi=""),
                name="session_has_a_title",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class Speaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("position and organization"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("session", "position", "id")
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class Interpreter(models.Model):
    """An interpreter for one language pair during the 1:1 meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interpreters")
    name = models.CharField(_("name"), max_length=150)
    language_a = models.CharField(_("language"), max_length=8)
    language_b = models.CharField(_("other language"), max_length=8)
    unavailable = models.JSONField(_("unavailable slots"), default=list, blank=True)

    class Meta:
        ordering = ("event", "name", "id")
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return f"{self.name} ({self.language_a}–{self.language_b})"
