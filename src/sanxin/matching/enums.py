"""Kinds of records that carry a stored embedding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    ORGANIZATION = "organization", _("Organization profile")
    PROJECT = "project", _("Project")
    OFFER = "offer", _("Offer or request")


#: The prefix of each kind's key in the matching engine ("o12", "p7", "f3").
KEY_PREFIX = {
    RecordKind.ORGANIZATION: "o",
    RecordKind.PROJECT: "p",
    RecordKind.OFFER: "f",
}
