"""Cooperation projects and the record of their stage changes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import localized
from sanxin.projects.enums import CapacityUnit, Currency, DataSource, ProjectType, Stage

_TYPE_LABELS = dict(ProjectType.choices)
_STAGE_LABELS = dict(Stage.choices)


class Project(models.Model):
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    project_type = models.CharField(
        _("type"), max_length=30, choices=ProjectType.choices, db_index=True
    )
    country = models.CharField(_("host country"), max_length=2, db_index=True)
    province = models.ForeignKey(
        "directory.Region",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("city or county"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=10, choices=CapacityUnit.choices, blank=True
    )
    investment = models.DecimalField(
        _("total investment"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    # Imported projects whose owner is "to be determined" have no owner organization.
    owner = models.ForeignKey(
        "directory.Organization",
        verbose_name=pgettext_lazy("project", "owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    confidentiality = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.ALLIANCE,
    )
    # Where the project came from; the events app will add foreign keys to its event and
    # meeting next to this free text.
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    # The furthest pipeline stage ever reached (kept by set_project_stage; landing ratios use it).
    furthest_stage = models.CharField(
        _("furthest stage reached"),
        max_length=24,
        choices=Stage.choices,
        default=Stage.IDEA,
        db_index=True,
        editable=False,
    )
    # While on hold: the stage the project left, which it returns to.
    resume_stage = models.CharField(
        _("stage before the hold"), max_length=24, choices=Stage.choices, blank=True
    )
    source = models.CharField(
        _("data source"), max_length=8, choices=DataSource.choices, default=DataSource.MANUAL
    )
    # The citation of the data set an imported project came from (credited wherever it shows),
    # e.g. "Global Energy Monitor, Global Coal Plant Tracker, January 2025 release".
    source_dataset = models.CharField(
        _("source data set"), max_length=200, blank=True, editable=False
    )
    # Identifiers in the source data, e.g. {"gem_location": "L100000123", "gppd": "CHN0001"}.
    external_ids = models.JSONField(_("external identifiers"), default=dict, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    # Counts the changes of the edited fields (optimistic locking, sanxin.common.concurrency):
    # an edit based on an older version is refused instead of overwriting a change made since.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The list (newest first) and the board (per stage, latest first) walk these in order.
        indexes = (
            models.Index(fields=("-created", "-id"), name="project_newest_first"),
            models.Index(fields=("stage", "-stage_since", "-id"), name="project_stage_latest"),
        )
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_zh="", title_vi=""),
                name="project_has_a_title",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | ~models.Q(capacity_unit=""),
                name="project_capacity_has_a_unit",
            ),
        )

    def __str__(self) -> str:
        return self.title

    # Django's get_FOO_display() hashes every (lazy, so translated) label on each call: twenty
    # translations per card of the board. These look the value up in a dict built once.
    def get_project_type_display(self) -> str:
        return str(_TYPE_LABELS.get(self.project_type, self.project_type))

    def get_stage_display(self) -> str:
        return str(_STAGE_LABELS.get(self.stage, self.stage))

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ProjectStageChange(models.Model):
    """One row per stage change: the date it happened, who recorded it and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(
        _("from"), max_length=24, choices=Stage.choices, blank=True
    )  # blank: the project was created in ``to_stage``
    to_stage = models.CharField(_("to"), max_length=24, choices=Stage.choices)
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ("project", "on", "id")
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.project} {self.from_stage or '∅'} → {self.to_stage} ({self.on})"
