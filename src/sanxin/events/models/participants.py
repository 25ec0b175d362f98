"""Registrations (participant profiles) and delegations meeting as one party."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.events.enums import RegistrationKind, RegistrationStatus


class Delegation(models.Model):
    """Several people of one organization who attend every 1:1 meeting together."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="delegations")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("event", "organization")
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = (
            models.UniqueConstraint(
                fields=("event", "organization"), name="one_delegation_per_organization"
            ),
        )

    def __str__(self) -> str:
        return str(self.organization)


class Registration(models.Model):
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RegistrationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    listed = models.BooleanField(
        _("appear in the participant list"),
        default=False,
        help_text=_("Without this consent other participants do not see you."),
    )
    offers = models.TextField(_("what we offer"), blank=True)
    seeks = models.TextField(_("what we seek"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    unavailable = models.JSONField(_("slots I cannot attend"), default=list, blank=True)
    max_meetings = models.PositiveSmallIntegerField(
        _("maximum meetings"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the event's maximum."),
    )
    checked_in = models.DateTimeField(_("checked in"), null=True, blank=True)
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("event", "id")
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = (
            models.UniqueConstraint(fields=("event", "person"), name="register_once_per_event"),
        )

    def __str__(self) -> str:
        org = self.organization.short_name or self.organization.name if self.organization else ""
        return f"{self.person} ({org})" if org else str(self.person)

    @property
    def party_key(self) -> str:
        """The scheduler's party: the delegation, else the registration itself."""
        return f"d{self.delegation_id}" if self.delegation_id else f"r{self.pk}"
