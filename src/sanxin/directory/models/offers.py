"""Cooperation offers and requests posted by organizations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import localized
from sanxin.directory.enums import OfferKind, OfferStatus


class Offer(models.Model):
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=OfferKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200, blank=True)
    text_en = models.TextField(_("details (English)"), blank=True)
    text_zh = models.TextField(_("details (Chinese)"), blank=True)
    text_vi = models.TextField(_("details (Vietnamese)"), blank=True)
    capabilities = models.ManyToManyField(
        "directory.Capability", verbose_name=_("capabilities"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(
        "directory.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    confidentiality = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.ALLIANCE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField(editable=False, blank=True)
    created = models.DateTimeField(_("posted"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_zh="", title_vi=""),
                name="offer_has_a_title",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()
