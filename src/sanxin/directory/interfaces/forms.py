"""Forms of the directory UI; they only parse input — the domain validates and saves."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanxin.common.countries import country_choices
from sanxin.common.forms import DomainValidated
from sanxin.directory.domain.offers import EDITABLE_FIELDS as OFFER_FIELDS
from sanxin.directory.enums import CapacityUnit, MembershipRole
from sanxin.directory.models import Capability, Offer, Organization, Region

COUNTRY_CHOICES = country_choices()


class CapabilityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Capability) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        if obj.successor_id:
            return _("%(name)s (before 2025, now %(successor)s)") % {
                "name": obj.name,
                "successor": obj.successor.name,
            }
        return obj.name


def capability_queryset():
    return Capability.objects.select_related("parent").order_by(
        "parent__position", "parent_id", "position"
    )


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a domain ValidationError onto the form, by field where the form has that field."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class OrganizationForm(DomainValidated, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    province = RegionChoiceField(
        label=_("Province"),
        queryset=Region.objects.select_related("successor"),
        required=False,
        help_text=_("For Vietnam, choose one of the 34 provinces since July 2025 if you can."),
    )
    segments = CapabilityChoiceField(
        label=_("Segments"),
        queryset=Capability.objects.filter(parent__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capabilities = CapabilityChoiceField(
        label=_("Capabilities"), queryset=capability_queryset(), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    #: The version the editor loaded (optimistic locking); not a profile field.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Organization
        fields = (
            "name_zh",
            "name_en",
            "name_vi",
            "short_name",
            "org_type",
            "country",
            "province",
            "segments",
            "capabilities",
            "situation_zh",
            "situation_en",
            "situation_vi",
            "advantages_zh",
            "advantages_en",
            "advantages_vi",
            "ideas_zh",
            "ideas_en",
            "ideas_vi",
            "website",
            "email",
            "phone",
            "logo",
            "confidentiality",
        )
        widgets = {
            f"{base}_{lang}": forms.Textarea(attrs={"rows": 4})
            for base in ("situation", "advantages", "ideas")
            for lang in ("en", "zh", "vi")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def show_current_version(self, version: int) -> None:
        """After a conflict: keep what the user typed, but a second save now overrides."""
        self.data = self.data.copy()
        self.data["version"] = str(version)

    def data_for_domain(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if not self.files.get("logo") and not data.get("logo"):
            data.pop("logo", None)
        elif data.get("logo") is False:  # cleared
            data["logo"] = ""
        return data


class CapacityForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=3, min_value=0)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("", "—"), *CapacityUnit.choices])
    label = forms.CharField(label=_("What"), max_length=200, required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


CapacityFormSet = forms.formset_factory(CapacityForm, extra=1, can_delete=True, max_num=30)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=20)


def formset_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        rows.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
    return rows


class OfferForm(DomainValidated, forms.ModelForm):
    capabilities = CapabilityChoiceField(
        label=_("Capabilities"), queryset=capability_queryset(), required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.exclude(scheme="vn63"),
        required=False,
    )

    class Meta:
        model = Offer
        fields = OFFER_FIELDS
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=3650, initial=365
    )
