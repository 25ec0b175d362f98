"""Industry chain templates, their nodes (links of the chain) and chain-leader marks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized


class ChainTemplate(models.Model):
    """A value chain. Without an alliance: the platform's seeded template; with one: that
    alliance's own copy, made the first time its secretariat edits the platform template."""

    slug = models.SlugField(_("short code"), max_length=60)
    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chain_templates",
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    #: Project types (``projects.enums.ProjectType`` values) that belong to this chain.
    project_types = models.JSONField(_("project types"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("position", "slug", "id")
        verbose_name = _("chain template")
        verbose_name_plural = _("chain templates")
        constraints = (
            models.UniqueConstraint(
                fields=("slug",),
                condition=models.Q(alliance__isnull=True),
                name="one_platform_chain_per_slug",
            ),
            models.UniqueConstraint(
                fields=("alliance", "slug"),
                condition=models.Q(alliance__isnull=False),
                name="one_alliance_chain_per_slug",
            ),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_zh="", name_vi=""),
                name="chain_template_has_a_name",
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name") or self.slug

    @property
    def description(self) -> str:
        return localized(self, "description")


class ChainNode(models.Model):
    """A link of a chain, drawn in column ``stage``; nodes of one stage stand side by side."""

    template = models.ForeignKey(
        ChainTemplate, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="nodes"
    )
    key = models.SlugField(_("short code"), max_length=60)
    stage = models.PositiveSmallIntegerField(_("stage"), default=1)
    position = models.PositiveSmallIntegerField(_("position in the stage"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    capabilities = models.ManyToManyField(
        "directory.Capability", verbose_name=_("capabilities"), blank=True, related_name="+"
    )
    #: Project types attached to this node (besides projects whose consortium stands here).
    project_types = models.JSONField(_("project types"), default=list, blank=True)

    class Meta:
        ordering = ("template", "stage", "position", "id")
        verbose_name = _("chain node")
        verbose_name_plural = _("chain nodes")
        constraints = (
            models.UniqueConstraint(fields=("template", "key"), name="one_chain_node_per_key"),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_zh="", name_vi=""),
                name="chain_node_has_a_name",
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name") or self.key


class ChainLeader(models.Model):
    """链主: an organization the secretariat marks as the leader of a link in its alliance."""

    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    node = models.ForeignKey(
        ChainNode, verbose_name=_("chain node"), on_delete=models.CASCADE, related_name="leaders"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("node", "organization")
        verbose_name = _("chain leader")
        verbose_name_plural = _("chain leaders")
        constraints = (
            models.UniqueConstraint(
                fields=("alliance", "node", "organization"), name="one_chain_leader_mark"
            ),
        )

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.node}"
