"""Meeting requests, the meetings the scheduler places, scheduler runs and outcomes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.events.enums import (
    Attendance,
    MeetingStatus,
    OutcomeResult,
    Priority,
    RequestStatus,
    RunStatus,
)
from sanxin.events.models.request_generations import MeetingRequestQuerySet, connect


class MeetingRequest(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="meeting_requests"
    )
    sender = models.ForeignKey(
        "events.Registration",
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="sent_requests",
    )
    recipient = models.ForeignKey(
        "events.Registration",
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="received_requests",
    )
    message = models.TextField(_("message"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.WANT
    )
    match_score = models.DecimalField(
        _("match score"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    answered = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        ordering = ("event", "-created", "-id")
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="request_someone_else"
            ),
        )

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id}"


connect(MeetingRequest)


class ScheduleRun(models.Model):
    """One run of the meeting scheduler for an event, with its figures and unplaced requests."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="schedule_runs"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    allow_moves = models.BooleanField(_("published meetings may move"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    requests = models.PositiveIntegerField(_("accepted requests"), default=0)
    meetings = models.PositiveIntegerField(_("meetings placed"), default=0)
    new_meetings = models.PositiveIntegerField(_("new meetings"), default=0)
    moved = models.PositiveIntegerField(_("published meetings moved"), default=0)
    objective = models.FloatField(_("total weight"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    greedy_objective = models.FloatField(_("first-come weight"), null=True, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    idle_gaps = models.PositiveIntegerField(_("idle gaps"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    # A list of {request id, reason code, detail sentence}.
    unplaced = models.JSONField(_("unplaced requests"), default=list, blank=True)
    # A list of {code, subject, message} from the engine's capacity planner.
    warnings = models.JSONField(_("capacity warnings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ("event", "-created", "-id")
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")

    def __str__(self) -> str:
        return f"{self.event_id} #{self.pk} {self.status}"


class Meeting(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    slot = models.CharField(_("slot"), max_length=16)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    table = models.PositiveSmallIntegerField(_("table"))
    interpreter = models.ForeignKey(
        "events.Interpreter",
        verbose_name=_("interpreter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PUBLISHED,
        db_index=True,
    )
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    no_show_by = models.ForeignKey(
        "events.Registration",
        verbose_name=_("who did not come"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: neither side came."),
    )
    run = models.ForeignKey(
        ScheduleRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("event", "starts", "table", "id")
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = (
            models.UniqueConstraint(
                fields=("request",),
                condition=models.Q(status="published"),
                name="one_published_meeting_per_request",
            ),
            models.UniqueConstraint(
                fields=("event", "slot", "table"),
                condition=models.Q(status="published"),
                name="one_meeting_per_table_and_slot",
            ),
        )

    def __str__(self) -> str:
        return f"{self.slot} #{self.table}"


class Outcome(models.Model):
    """What one side of a meeting says came of it; it may become a project or a follow-up."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("side"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    result = models.CharField(_("result"), max_length=10, choices=OutcomeResult.choices)
    note = models.TextField(_("note"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project launched"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up = models.ForeignKey(
        "projects.FollowUp",
        verbose_name=_("follow-up action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("meeting", "id")
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = (
            models.UniqueConstraint(
                fields=("meeting", "registration"), name="one_outcome_per_side"
            ),
        )

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.result}"
