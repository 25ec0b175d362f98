"""Forms of matching: they only parse; the domain validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxin.directory.models import Capability


class FeedbackForm(forms.Form):
    subject = forms.CharField(max_length=40)
    target = forms.CharField(max_length=60)
    interested = forms.TypedChoiceField(
        choices=(("1", _("Interested")), ("0", _("Not interested"))),
        coerce=lambda v: v == "1",
    )


class InvitationFilterForm(forms.Form):
    root = forms.ModelChoiceField(
        label=_("Part of the chain"),
        queryset=Capability.objects.filter(parent__isnull=True),
        required=False,
        empty_label=_("Every part"),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=(("", _("Any country")), ("CN", _("China")), ("VN", _("Vietnam"))),
        required=False,
    )


def parse_assignments(values: list[str]) -> list[tuple[str, int]]:
    """``["epc:12", ...]`` → ``[("epc", 12), ...]``; malformed entries are dropped."""
    out = []
    for value in values:
        role, _sep, pk = value.partition(":")
        if role and pk.isdigit() and len(pk) < 19:
            out.append((role, int(pk)))
    return out
