"""Diary forms: validation only (saving is in services.py). Errors are shown next to each field."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from calmskin.core.bodymap import clean_areas
from calmskin.web.diary.bodymap import area_choices
from calmskin.web.diary.models import (
    CheckIn,
    Profile,
    Region,
    Relation,
    Treatment,
    Trigger,
    validate_time_zone,
)

SCALE = [(value, str(value)) for value in range(11)]
OLDEST_AGE_YEARS = 120


@cache
def time_zone_names() -> tuple[str, ...]:
    """IANA names offered as suggestions (any name zoneinfo knows is accepted)."""
    return tuple(sorted(zoneinfo.available_timezones()))


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    birth_month = forms.TypedChoiceField(
        label=_("Birth month"),
        choices=[("", _("Choose a month")), *sorted(MONTHS.items())],
        coerce=int,
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        min_value=timezone.now().year - OLDEST_AGE_YEARS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=_("Where this person lives, for example Europe/Berlin or America/New_York."),
        validators=[validate_time_zone],
        widget=forms.TextInput(
            attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    weight_kg = forms.DecimalField(
        label=_("Current weight (kg)"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal("400"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Optional. Some medicine doses depend on weight."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )

    class Meta:
        model = Profile
        fields = (
            "display_name",
            "relation",
            "birth_month",
            "birth_year",
            "time_zone",
            "region",
            "email_reminders",
        )
        labels: ClassVar[dict[str, Any]] = {
            "display_name": _("Name"),
            "relation": _("Who is this?"),
            "region": _("Region"),
            "email_reminders": _("E-mail me when something is due for this person"),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "display_name": _("Shown only to you."),
            "region": _("Which medicine labels CalmSkin checks prescriptions against."),
            "email_reminders": _(
                "Questionnaires and medicine doses when they are due, sent to the account's e-mail address."
            ),
        }
        widgets: ClassVar[dict[str, Any]] = {
            "relation": forms.RadioSelect,
            "region": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django adds a blank "---------" choice (checked on a new profile) for model choices; as a
        # radio it is a meaningless option to see and to hear. Leave the radios unset instead.
        for name, choices in (("relation", Relation.choices), ("region", Region.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean_time_zone(self) -> str:
        return str(self.cleaned_data["time_zone"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        year, month = cleaned.get("birth_year"), cleaned.get("birth_month")
        if year is not None and month is not None:
            today = timezone.now().date()
            if (year, month) > (today.year, today.month):
                self.add_error("birth_year", _("The birth month cannot be in the future."))
        return cleaned


class CheckInForm(forms.Form):
    peak_itch = forms.TypedChoiceField(
        label=_("Worst itch in the last 24 hours"),
        help_text=_("0 = no itch, 10 = worst itch imaginable."),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a number from 0 to 10.")},
    )
    sleep_loss = forms.TypedChoiceField(
        label=_("Sleep lost to itch last night"),
        help_text=_("0 = slept well, 10 = did not sleep at all."),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a number from 0 to 10.")},
    )
    body_areas = forms.MultipleChoiceField(
        label=_("Where is the skin affected today?"),
        help_text=_("Tap the areas on the figures, or choose them from the list."),
        choices=area_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the body areas.")},
    )
    triggers = forms.MultipleChoiceField(
        label=_("Possible triggers today"),
        choices=Trigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the listed triggers.")},
    )
    own_triggers = forms.CharField(
        label=_("Other triggers"),
        max_length=200,
        required=False,
        help_text=_("Anything else you noticed, in your own words."),
    )
    treatments = forms.MultipleChoiceField(
        label=_("Treatments used today"),
        choices=Treatment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the listed treatments.")},
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_body_areas(self) -> list[str]:
        """Stored in the map's order, without repeats, whatever order the browser sent."""
        return clean_areas(self.cleaned_data["body_areas"])

    @classmethod
    def initial_from(cls, check_in: CheckIn | None) -> dict[str, Any]:
        if check_in is None:
            return {}
        return {
            "peak_itch": check_in.peak_itch,
            "sleep_loss": check_in.sleep_loss,
            "body_areas": list(check_in.body_areas),
            "triggers": list(check_in.triggers),
            "own_triggers": check_in.own_triggers,
            "treatments": list(check_in.treatments),
            "note": check_in.note,
        }
