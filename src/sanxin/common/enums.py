"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Confidentiality(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("confidentiality", "Public")
    ALLIANCE = "alliance", _("Alliance members")
    OWN = "own", _("Own organization")


#: UI language code → suffix of the per-language model fields.
LANGUAGE_SUFFIXES = {"en": "en", "zh-hans": "zh", "vi": "vi"}
#: Order in which a missing translation falls back.
FALLBACK_ORDER = ("en", "zh", "vi")
