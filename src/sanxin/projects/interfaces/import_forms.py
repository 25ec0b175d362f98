"""The upload form of real-data imports (it parses input; the domain checks and queues)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxin.projects.domain.import_runs import import_alliances
from sanxin.projects.enums import DataSource

SOURCE_CHOICES = (
    (DataSource.GEM.value, _("Global Energy Monitor tracker workbook (.xlsx)")),
    (DataSource.GPPD.value, _("WRI Global Power Plant Database (.csv)")),
)


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Data set"), choices=SOURCE_CHOICES, widget=forms.RadioSelect, initial="gem"
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The file exactly as published: any of GEM's tracker workbooks, or the GPPD CSV."
        ),
    )
    alliance = forms.ModelChoiceField(
        label=_("Alliance"),
        queryset=None,
        required=False,
        empty_label=_("No alliance (platform admins only)"),
        help_text=_(
            "New projects are attached to this alliance; its secretariat keeps them up to date."
        ),
    )

    def __init__(self, *args, viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["alliance"]
        field.queryset = import_alliances(viewer).order_by("slug")
        if not viewer.is_admin:
            # A secretariat always imports into its alliance (the first one when not chosen).
            field.empty_label = None
