"""Forms of the events UI; they only parse input — the domain validates and saves."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxin.common.forms import DomainValidated
from sanxin.directory.interfaces.forms import COUNTRY_CHOICES, apply_errors
from sanxin.directory.models import Alliance
from sanxin.events.domain.events import EVENT_FIELDS
from sanxin.events.domain.slots import Slot
from sanxin.events.enums import SPOKEN_LANGUAGES, Attendance, OutcomeResult, Priority
from sanxin.events.models import Event, Interpreter, Session
from sanxin.projects.enums import ProjectType
from sanxin.projects.models import Project

__all__ = ["apply_errors"]

DATE = {"type": "date"}
TIME = {"type": "time"}
DATETIME = {"type": "datetime-local"}
_BREAK = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$")


def _hhmm(text: str) -> str:
    return dt.time.fromisoformat(text.zfill(5)).strftime("%H:%M")


class EventForm(DomainValidated, forms.ModelForm):
    meeting_days_text = forms.CharField(
        label=_("Meeting days"),
        required=False,
        help_text=_("Dates separated by commas (YYYY-MM-DD); empty: every day of the event."),
    )
    breaks_text = forms.CharField(
        label=_("Breaks"),
        required=False,
        help_text=_("Times without meetings, separated by commas, e.g. 12:00-13:30, 15:00-15:15."),
    )
    #: The version the editor loaded (optimistic locking); not an event field.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = tuple(f for f in EVENT_FIELDS if f not in ("meeting_days", "breaks"))
        widgets = {
            "start_date": forms.DateInput(attrs=DATE),
            "end_date": forms.DateInput(attrs=DATE),
            "meeting_start": forms.TimeInput(attrs=TIME),
            "meeting_end": forms.TimeInput(attrs=TIME),
            "request_deadline": forms.DateTimeInput(attrs=DATETIME),
            **{
                f"description_{lang}": forms.Textarea(attrs={"rows": 3})
                for lang in ("en", "zh", "vi")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["meeting_days_text"] = ", ".join(self.instance.meeting_days or [])
            self.initial["breaks_text"] = ", ".join(f"{a}-{b}" for a, b in self.instance.breaks)
        if "version" in self.fields and self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def show_current_version(self, version: int) -> None:
        """After a conflict: keep what the user typed, but a second save now overrides."""
        self.data = self.data.copy()
        self.data["version"] = str(version)

    def clean_meeting_days_text(self) -> list[str]:
        days = []
        for part in self.cleaned_data["meeting_days_text"].replace("，", ",").split(","):
            if part.strip():
                try:
                    days.append(dt.date.fromisoformat(part.strip()).isoformat())
                except ValueError:
                    raise forms.ValidationError(
                        _("Give meeting days as dates (YYYY-MM-DD).")
                    ) from None
        return sorted(set(days))

    def clean_breaks_text(self) -> list[list[str]]:
        out = []
        for part in self.cleaned_data["breaks_text"].replace("，", ",").split(","):
            if not part.strip():
                continue
            match = _BREAK.match(part)
            try:
                if match is None:
                    raise ValueError
                out.append([_hhmm(match[1]), _hhmm(match[2])])
            except ValueError:
                raise forms.ValidationError(
                    _("Write each break as start–end, e.g. 12:00-13:30.")
                ) from None
        return out

    def data_for_domain(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["meeting_days"] = data.pop("meeting_days_text")
        data["breaks"] = data.pop("breaks_text")
        return data


class NewEventForm(EventForm):
    alliance = forms.ModelChoiceField(
        label=_("Organizing alliance"), queryset=Alliance.objects.none()
    )
    version = None  # a new event has no version to check yet

    def __init__(self, *args, alliances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = alliances
        self.order_fields(["alliance"])


class SessionForm(DomainValidated, forms.ModelForm):
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name | position and organization."),
    )

    class Meta:
        model = Session
        fields = ("title_zh", "title_en", "title_vi", "starts", "ends", "room")
        widgets = {
            "starts": forms.DateTimeInput(attrs=DATETIME),
            "ends": forms.DateTimeInput(attrs=DATETIME),
        }

    def clean_speakers(self) -> list[tuple[str, str]]:
        out = []
        for line in self.cleaned_data["speakers"].splitlines():
            name, _sep, affiliation = line.partition("|")
            if name.strip():
                out.append((name.strip()[:150], affiliation.strip()[:250]))
        return out


class InterpreterForm(DomainValidated, forms.ModelForm):
    """An interpreter's name, language pair and the slots they are not available in (shown as
    checkboxes grouped by day by the template; any key of the event's slots is accepted here,
    the domain checks it)."""

    language_a = forms.ChoiceField(label=_("Language"), choices=SPOKEN_LANGUAGES)
    language_b = forms.ChoiceField(label=_("Other language"), choices=SPOKEN_LANGUAGES)
    unavailable = forms.MultipleChoiceField(
        label=_("Slots this interpreter is not available"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Interpreter
        fields = ("name", "language_a", "language_b")

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [(s.key, f"{s.day:%Y-%m-%d} {s.label}") for s in slots]
        if self.instance.pk is not None and not self.is_bound:
            self.initial["unavailable"] = list(self.instance.unavailable or [])

    def data_for_domain(self) -> dict:
        return {key: self.cleaned_data[key] for key in (*self.Meta.fields, "unavailable")}


class RegistrationForm(forms.Form):
    listed = forms.BooleanField(
        label=_("Show me in the participant list"),
        required=False,
        help_text=_(
            "Without this consent other participants do not see you and cannot ask to meet you."
        ),
    )
    offers = forms.CharField(
        label=_("What we offer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seeks = forms.CharField(
        label=_("What we seek"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpreter_needed = forms.BooleanField(label=_("I need an interpreter"), required=False)
    in_delegation = forms.BooleanField(
        label=_("Meet together with my colleagues (one delegation)"), required=False
    )
    unavailable = forms.MultipleChoiceField(
        label=_("Slots I cannot attend"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_meetings = forms.IntegerField(
        label=_("Most meetings I want"), required=False, min_value=0, max_value=99
    )

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [(s.key, f"{s.day:%Y-%m-%d} {s.label}") for s in slots]

    def profile(self) -> tuple[dict, bool]:
        data = dict(self.cleaned_data)
        together = data.pop("in_delegation")
        return data, together


class RequestForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.WANT
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleForm(forms.Form):
    allow_moves = forms.BooleanField(
        label=_("Published meetings may move to other slots"), required=False
    )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    no_show_by = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=OutcomeResult.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeProjectForm(forms.Form):
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=300, required=False)
    project_type = forms.ChoiceField(label=_("Type"), choices=ProjectType.choices)
    country = forms.ChoiceField(label=_("Host country"), choices=COUNTRY_CHOICES)
    description_en = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeFollowUpForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    title = forms.CharField(label=_("Action"), max_length=300)
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs=DATE))
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
