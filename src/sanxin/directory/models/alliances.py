"""Alliances, their fields of cooperation, and memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import localized
from sanxin.directory.enums import MembershipRole, MembershipStatus


class AllianceField(models.Model):
    """A field of cooperation: new energy, new infrastructure, new industry, new materials…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=100)

    class Meta:
        ordering = ("code",)
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Alliance(models.Model):
    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    fields = models.ManyToManyField(AllianceField, verbose_name=_("fields"), blank=True)
    secretariat = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("secretariat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secretariat_of",
    )
    regions = models.ManyToManyField(
        "directory.Region", verbose_name=_("regions of focus"), blank=True
    )
    confidentiality = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ("slug",)
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name") or self.slug

    @property
    def description(self) -> str:
        return localized(self, "description")


class Membership(models.Model):
    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
        db_index=True,
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("alliance", "organization")
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = (
            models.UniqueConstraint(
                fields=("alliance", "organization"), name="one_membership_per_alliance"
            ),
        )

    def __str__(self) -> str:
        return f"{self.organization} @ {self.alliance}"
