"""The side-effect form: validation only (saving is in services.py). Errors sit next to each field
and a refused form shows again with everything that was typed."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from calmskin.core.therapy.side_effects import GROUPS
from calmskin.web.sideeffects.models import GROUP_NAMES, Drug, Kind, Severity, SideEffect

DATE_FORMAT = "%Y-%m-%d"


def kind_choices() -> list[tuple[Any, Any]]:
    """The kinds under their groups (eyes, skin, joints, other), after an empty first choice."""
    names = dict(Kind.choices)
    return [
        ("", _("Choose one")),
        *(
            (GROUP_NAMES[group], [(kind, names[kind]) for kind in kinds])
            for group, kinds in GROUPS.items()
        ),
    ]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)


class SideEffectForm(forms.ModelForm):  # type: ignore[type-arg]
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=kind_choices,
        error_messages={
            "required": _("Choose the kind of side effect."),
            "invalid_choice": _("Choose one of the listed side effects."),
        },
    )
    severity = forms.ChoiceField(
        label=_("How bad is it?"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Mild: you notice it, but it does not get in the way. Moderate: it gets in the way of "
            "everyday things. Severe: you cannot do everyday things."
        ),
        error_messages={
            "required": _("Choose how bad it is."),
            "invalid_choice": _("Choose mild, moderate or severe."),
        },
    )
    started_on = forms.DateField(
        label=_("Started on"),
        widget=_date_widget(),
        error_messages={
            "required": _("Enter the day it started."),
            "invalid": _("Enter a date like 2026-03-14."),
        },
    )
    ended_on = forms.DateField(
        label=_("Ended on (leave empty while it goes on)"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("Enter a date like 2026-03-14.")},
    )
    drug = forms.ChoiceField(
        label=_("Biologic at the time (optional)"),
        choices=[("", _("None, or not sure")), *Drug.choices],
        required=False,
        help_text=_("Used to show what that medicine's label says about this side effect."),
        error_messages={"invalid_choice": _("Choose one of the listed medicines.")},
    )

    class Meta:
        model = SideEffect
        fields = (
            "kind",
            "other_text",
            "severity",
            "started_on",
            "ended_on",
            "drug",
            "what_was_done",
            "note",
        )
        labels: ClassVar[dict[str, Any]] = {
            "other_text": _("If something else, describe it"),
            "what_was_done": _("What was done (optional)"),
            "note": _("Note (optional)"),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "other_text": _("A few words, for example “hair loss”."),
            "what_was_done": _("For example: eye drops from the GP, saw an eye specialist."),
        }
        widgets: ClassVar[dict[str, Any]] = {
            "what_was_done": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, today: date, current_drug: str | None = None, **kwargs: Any
    ) -> None:
        """``current_drug``: the biologic the profile is on now (a catalog id, or ``None``). A new,
        unbound form then starts with it chosen, ahead of any ``initial`` drug (such as the one of
        the last episode); an unknown id is ignored. Editing an episode keeps its own drug."""
        super().__init__(*args, **kwargs)
        self.today = today
        for name in ("started_on", "ended_on"):
            self.fields[name].widget.attrs["max"] = today.isoformat()
        if self.instance.pk is None and not self.is_bound:
            self.fields["started_on"].initial = today
            if current_drug in Drug.values:
                self.initial["drug"] = current_drug

    def clean_started_on(self) -> date:
        value: date = self.cleaned_data["started_on"]
        if value > self.today:
            raise forms.ValidationError(_("The start cannot be in the future."), code="future")
        return value

    def clean_ended_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("ended_on")
        if value is not None and value > self.today:
            raise forms.ValidationError(_("The end cannot be in the future."), code="future")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started is not None and ended is not None and ended < started:
            self.add_error("ended_on", _("The end cannot be before the start."))
        other_text = str(cleaned.get("other_text") or "").strip()
        cleaned["other_text"] = other_text
        if cleaned.get("kind") == Kind.OTHER and not other_text:
            self.add_error("other_text", _("Say in a few words what the side effect is."))
        return cleaned
