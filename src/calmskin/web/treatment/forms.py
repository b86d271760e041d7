"""Treatment forms: validation only; the label is shown beside them, never forced on them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, Literal

from django import forms
from django.utils.translation import gettext_lazy as _

from calmskin.core.errors import InputError
from calmskin.core.therapy import sites as core_sites
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import Course, PlanStep
from calmskin.web.diary.forms import SCALE
from calmskin.web.treatment.models import DRUG_CHOICES, SITE_CHOICES, Device, Injector


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DrugChoiceForm(forms.Form):
    """Step 1 (a GET form): which biologic, and the weight the label check uses."""

    drug = forms.ChoiceField(label=_("Medicine"), choices=DRUG_CHOICES, widget=forms.RadioSelect)
    weight_kg = forms.DecimalField(
        label=_("Current weight (kg)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("400"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Doses for children depend on weight."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


LOADING_CHOICES = [
    ("label", _("As on the label")),
    ("none", _("No loading dose")),
    ("custom", _("A different first dose")),
]


class StartForm(forms.Form):
    """Step 2: the regimen as prescribed (prefilled from the label, every value can be changed)."""

    drug = forms.ChoiceField(choices=DRUG_CHOICES, widget=forms.HiddenInput)
    weight_kg = forms.DecimalField(
        label=_("Current weight (kg)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("400"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    start_date = forms.DateField(label=_("Date of the first dose"), widget=DateInput())
    device = forms.ChoiceField(
        label=_("Device"), choices=Device.choices, initial=Device.PEN, widget=forms.RadioSelect
    )
    loading = forms.ChoiceField(
        label=_("First (loading) dose"),
        choices=LOADING_CHOICES,
        initial="label",
        widget=forms.RadioSelect,
    )
    loading_mg = forms.IntegerField(
        label=_("Different first dose (mg)"), required=False, min_value=1, max_value=2000
    )
    loading_injections = forms.IntegerField(
        label=_("Injections for the first dose"), required=False, min_value=1, max_value=4
    )
    dose_mg = forms.IntegerField(label=_("Regular dose (mg)"), min_value=1, max_value=2000)
    interval_days = forms.IntegerField(
        label=_("Every (days)"),
        min_value=1,
        max_value=365,
        help_text=_("14 = every 2 weeks, 28 = every 4 weeks."),
    )
    injections = forms.IntegerField(
        label=_("Injections per dose"), min_value=1, max_value=4, initial=1
    )
    first_maintenance_on = forms.DateField(
        label=_("First regular dose on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to follow the label (or one interval after the first dose)."),
    )

    def __init__(
        self,
        *args: Any,
        label_loading: list[dict[str, int]],
        label_first_day: int | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.label_loading = label_loading
        self.label_first_day = label_first_day

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        choice = cleaned.get("loading")
        loading: list[dict[str, int]] = []
        if choice == "label":
            if not self.label_loading:
                self.add_error(
                    "loading",
                    _("The label gives no loading dose for this person; choose another option."),
                )
            loading = list(self.label_loading)
        elif choice == "custom":
            mg, count = cleaned.get("loading_mg"), cleaned.get("loading_injections") or 1
            if mg is None:
                self.add_error("loading_mg", _("Enter the first dose in mg."))
            elif mg % count:
                self.add_error(
                    "loading_injections",
                    _("%(mg)s mg cannot be split into %(n)s equal injections.")
                    % {"mg": mg, "n": count},
                )
            else:
                loading = [
                    {"day": 0, "dose_mg": mg, "injections": count, "injection_mg": mg // count}
                ]
        cleaned["loading"] = loading
        dose, injections = cleaned.get("dose_mg"), cleaned.get("injections")
        if dose is not None and injections and dose % injections:
            self.add_error(
                "injections",
                _("%(mg)s mg cannot be split into %(n)s equal injections.")
                % {"mg": dose, "n": injections},
            )
        start, interval = cleaned.get("start_date"), cleaned.get("interval_days")
        if start is not None and interval and not cleaned.get("first_maintenance_on"):
            first_day = (
                self.label_first_day if choice == "label" and self.label_first_day else interval
            )
            if not loading:
                first_day = 0
            cleaned["first_maintenance_on"] = start + timedelta(days=first_day)
        if not self.errors and start is not None:
            self._check_course(cleaned)
        return cleaned

    def _check_course(self, cleaned: dict[str, Any]) -> None:
        try:
            Course(
                cleaned["start_date"],
                tuple(Dose(**d) for d in cleaned["loading"]),
                (
                    PlanStep(
                        cleaned["first_maintenance_on"],
                        cleaned["dose_mg"],
                        cleaned["interval_days"],
                        cleaned["injections"],
                        cleaned["dose_mg"] // cleaned["injections"],
                    ),
                ),
            )
        except InputError as error:
            field = "first_maintenance_on" if "from_date" in error.field else None
            self.add_error(field, error.message)


class ChangePlanForm(forms.Form):
    """A dated change of the maintenance dose or interval (history kept)."""

    from_date = forms.DateField(label=_("From"), widget=DateInput())
    dose_mg = forms.IntegerField(label=_("Dose (mg)"), min_value=1, max_value=2000)
    interval_days = forms.IntegerField(
        label=_("Every (days)"),
        min_value=1,
        max_value=365,
        help_text=_("28 = every 4 weeks, 56 = every 8 weeks."),
    )
    injections = forms.IntegerField(label=_("Injections per dose"), min_value=1, max_value=4)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("For example: step-down after week 16, as the dermatologist decided."),
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        dose, injections = cleaned.get("dose_mg"), cleaned.get("injections")
        if dose is not None and injections and dose % injections:
            self.add_error(
                "injections",
                _("%(mg)s mg cannot be split into %(n)s equal injections.")
                % {"mg": dose, "n": injections},
            )
        if self.errors:
            return cleaned
        step = PlanStep(
            cleaned["from_date"],
            cleaned["dose_mg"],
            cleaned["interval_days"],
            cleaned["injections"],
            cleaned["dose_mg"] // cleaned["injections"],
        )
        try:
            Course(self.course.start, self.course.loading, (*self.course.steps, step))
        except InputError as error:
            self.add_error("from_date" if "from_date" in error.field else None, error.message)
        return cleaned


class InjectionForm(forms.Form):
    """One screen for a dose: when, where (one site per injection), how, and how it went."""

    given_at = forms.DateTimeField(
        label=_("Given at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    injector = forms.ChoiceField(
        label=_("Who injected?"), choices=Injector.choices, widget=forms.RadioSelect
    )
    dose_mg = forms.IntegerField(label=_("mg per injection"), min_value=1, max_value=2000)
    device = forms.ChoiceField(label=_("Device"), choices=Device.choices, widget=forms.RadioSelect)
    lot = forms.CharField(
        label=_("Lot number"),
        max_length=40,
        required=False,
        help_text=_("On the pen or box (optional)."),
    )
    pain = forms.TypedChoiceField(
        label=_("Pain of the injection"),
        help_text=_("0 = none, 10 = worst imaginable (optional)."),
        choices=[("", _("Not recorded")), *SCALE],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, drug: str, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drug = drug
        self.count = count
        for n in range(1, count + 1):
            self.fields[f"site_{n}"] = forms.ChoiceField(
                label=_("Site of injection %(n)s") % {"n": n} if count > 1 else _("Site"),
                choices=SITE_CHOICES,
                widget=forms.RadioSelect,
            )

    def site_fields(self) -> list[forms.BoundField]:
        return [self[f"site_{n}"] for n in range(1, self.count + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        chosen = [cleaned.get(f"site_{n}") for n in range(1, self.count + 1)]
        injector = cleaned.get("injector")
        if injector and all(chosen):
            who: Literal["self", "caregiver"] = "self" if injector == "self" else "caregiver"
            for n, site in enumerate(chosen, start=1):
                try:
                    core_sites.check_injection_set(self.drug, who, [str(site)])
                except InputError as error:
                    self.add_error(f"site_{n}", error.message)
            if not self.errors:
                try:
                    core_sites.check_injection_set(self.drug, who, [str(s) for s in chosen])
                except InputError as error:
                    self.add_error(f"site_{self.count}", error.message)
        return cleaned


class PenOutForm(forms.Form):
    """ "Taken out of the fridge": now by default, or a little earlier; the carton's expiry date."""

    taken_out_at = forms.DateTimeField(
        label=_("Taken out at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    expiry = forms.DateField(
        label=_("Expiry date on the carton"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: the pen is never used after it."),
    )
