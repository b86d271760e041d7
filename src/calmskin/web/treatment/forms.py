"""Treatment forms: validation only; the label is shown beside them, never forced on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calmskin.core.errors import InputError
from calmskin.core.therapy import sites as core_sites
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import Course, DoseRecord, PlanStep
from calmskin.web.diary.forms import SCALE
from calmskin.web.treatment.models import DRUG_CHOICES, SITE_CHOICES, Device, Injector

CLOCK_SKEW = timedelta(minutes=5)
"""A time "now" typed on a phone whose clock runs a little ahead is still accepted."""
PLAN_START_YEARS_BACK = 20
"""A course's first dose may be entered at most this many years back."""
PLAN_DAYS_AHEAD = 366
"""A first dose, or a change of plan, may be planned at most this many days ahead."""
PEN_OUT_DAYS_BACK = 90
"""A pen taken out of the fridge longer ago than this is not a pen still in use."""


def long_date(day: date) -> str:
    """``9 December 2026`` (in the active language)."""
    return date_format(day, "j F Y")


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def future_error(label: str, now: datetime) -> str:
    return gettext("%(field)s cannot be in the future (it is now %(now)s).") % {
        "field": label,
        "now": date_format(timezone.localtime(now), "j F Y, H:i"),
    }


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
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.label_loading = label_loading
        self.label_first_day = label_first_day
        self.today = today

    def clean_start_date(self) -> date:
        start: date = self.cleaned_data["start_date"]
        earliest = years_before(self.today, PLAN_START_YEARS_BACK)
        latest = self.today + timedelta(days=PLAN_DAYS_AHEAD)
        if start < earliest:
            raise forms.ValidationError(
                gettext("The date of the first dose must be after %(date)s (20 years ago).")
                % {"date": long_date(earliest)}
            )
        if start > latest:
            raise forms.ValidationError(
                gettext("The date of the first dose can be at most a year ahead (%(date)s).")
                % {"date": long_date(latest)}
            )
        return start

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
        first = cleaned.get("first_maintenance_on")
        if start is not None and first is not None and not self.errors:
            if first < start:
                self.add_error(
                    "first_maintenance_on",
                    gettext("The first regular dose cannot be before the first dose (%(date)s).")
                    % {"date": long_date(start)},
                )
            elif (first - start).days > PLAN_DAYS_AHEAD:
                self.add_error(
                    "first_maintenance_on",
                    gettext("The first regular dose must be within a year of the first dose."),
                )
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
            if "from_date" in error.field:
                self.add_error(
                    "first_maintenance_on",
                    gettext("The first regular dose must come after the last loading dose."),
                )
            else:
                self.add_error(None, gettext("This plan cannot be saved: %s") % error.message)


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

    def __init__(self, *args: Any, course: Course, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        self.today = today

    def clean_from_date(self) -> date:
        day: date = self.cleaned_data["from_date"]
        current = self.course.steps[-1]
        last_loading = self.course.start + timedelta(days=max(self.course.last_loading_day, 0))
        if day <= current.takes_over:
            raise forms.ValidationError(
                gettext("The new step must start after %(date)s, the start of the current step.")
                % {"date": long_date(current.takes_over)}
            )
        if self.course.loading and day <= last_loading:
            raise forms.ValidationError(
                gettext("The new step must start after the last loading dose on %(date)s.")
                % {"date": long_date(last_loading)}
            )
        latest = self.today + timedelta(days=PLAN_DAYS_AHEAD)
        if day > latest:
            raise forms.ValidationError(
                gettext("A change of plan can be entered at most a year ahead (%(date)s).")
                % {"date": long_date(latest)}
            )
        return day

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
            self.add_error(None, gettext("This change cannot be saved: %s") % error.message)
        return cleaned


SITE_PROBLEMS = {
    "not-an-area": _("The %(area)s is not an injection area for this medicine."),
    "caregiver-only": _(
        "The %(area)s is only for injections given by someone else: choose another site, or say "
        "who injected."
    ),
    "twice": _("%(site)s is already chosen for another injection: each goes at a different site."),
    "different-areas": _("The injections of this dose go in one body area."),
}


class InjectionForm(forms.Form):
    """One screen for a dose: when, where (one site per injection), how, and how it went.

    Refused: a time in the future (beyond :data:`CLOCK_SKEW`) or before the course's first dose,
    and site sets that break the label's rules. Asked to confirm (and kept as confirmed): more
    milligrams for one dose than the plan gives, and a site already used for this dose that day.
    """

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
    confirm = forms.BooleanField(
        label=_("Yes, this is what was given: save it as entered."), required=False
    )

    def __init__(
        self,
        *args: Any,
        drug: str,
        count: int,
        now: datetime,
        course_start: date,
        records: Sequence[DoseRecord] = (),
        sites_on: Callable[[date], list[str]] = lambda day: [],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.drug = drug
        self.count = count
        self.now = now
        self.course_start = course_start
        self.records = records
        self.sites_on = sites_on
        self.needs_confirm = False
        for n in range(1, count + 1):
            self.fields[f"site_{n}"] = forms.ChoiceField(
                label=_("Site of injection %(n)s") % {"n": n} if count > 1 else _("Site"),
                choices=SITE_CHOICES,
                widget=forms.RadioSelect,
            )

    def site_fields(self) -> list[forms.BoundField]:
        return [self[f"site_{n}"] for n in range(1, self.count + 1)]

    def other_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in self.fields if not name.startswith("site_") and name != "confirm"
        ]

    def clean_given_at(self) -> datetime:
        given_at: datetime = self.cleaned_data["given_at"]  # aware, in the profile's zone
        if given_at > self.now + CLOCK_SKEW:
            raise forms.ValidationError(future_error(gettext("The time given"), self.now))
        try:
            day = timezone.localtime(given_at).date()
        except OverflowError:  # e.g. 0001-01-01T00:00+01:00, which is before year 1 in UTC
            day = date.min
        if day < self.course_start:
            raise forms.ValidationError(
                gettext(
                    "An injection of this course cannot be before its first dose on %(date)s. "
                    "If the course started earlier, correct its start."
                )
                % {"date": long_date(self.course_start)}
            )
        return given_at

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        chosen = [cleaned.get(f"site_{n}") for n in range(1, self.count + 1)]
        injector = cleaned.get("injector")
        cleaned["confirmed"] = ""
        if injector and all(chosen):
            who: Literal["self", "caregiver"] = "self" if injector == "self" else "caregiver"
            for problem in core_sites.site_set_problems(self.drug, who, [str(s) for s in chosen]):
                site = core_sites.SITES[problem.site]
                self.add_error(
                    f"site_{problem.index + 1}",
                    SITE_PROBLEMS[problem.code]
                    % {"area": core_sites.AREA_NAMES.get(site.area, site.area), "site": site.label},
                )
        if self.errors:
            return cleaned
        warnings = self._unusual(cleaned, [str(s) for s in chosen])
        if warnings and not cleaned.get("confirm"):
            self.needs_confirm = True
            for warning in warnings:
                self.add_error(None, warning)
        cleaned["confirmed"] = " ".join(warnings)[:500]
        return cleaned

    def _unusual(self, cleaned: dict[str, Any], chosen: list[str]) -> list[str]:
        """What is plausible but unusual about this entry (said, then saved once confirmed)."""
        day = timezone.localtime(cleaned["given_at"]).date()
        warnings = []
        record = next(
            (
                r
                for r in self.records
                if r.window_start <= day and (r.window_end is None or day <= r.window_end)
            ),
            None,
        )
        if record is not None:
            total = record.given_mg + cleaned["dose_mg"] * self.count
            if total > record.dose.dose_mg:
                warnings.append(
                    gettext(
                        "You logged %(total)s mg for the dose of %(date)s; the plan says %(mg)s mg."
                    )
                    % {
                        "total": total,
                        "date": long_date(record.dose.date),
                        "mg": record.dose.dose_mg,
                    }
                )
        used = set(self.sites_on(day)) & set(chosen)
        for site_id in sorted(used):
            warnings.append(
                gettext(
                    "%(site)s was already used on %(date)s: injections given the same day go at "
                    "different sites."
                )
                % {"site": core_sites.SITES[site_id].label, "date": long_date(day)}
            )
        return warnings


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

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_taken_out_at(self) -> datetime | None:
        when: datetime | None = self.cleaned_data["taken_out_at"]  # in the profile's zone
        if when is None:
            return None
        if when > self.now + CLOCK_SKEW:
            raise forms.ValidationError(future_error(gettext("The time taken out"), self.now))
        if when < self.now - timedelta(days=PEN_OUT_DAYS_BACK):
            raise forms.ValidationError(
                gettext("The time taken out must be within the last %(n)s days.")
                % {"n": PEN_OUT_DAYS_BACK}
            )
        return when

    def clean_expiry(self) -> date | None:
        expiry: date | None = self.cleaned_data["expiry"]
        if expiry is None:
            return None
        today = timezone.localtime(self.now).date()
        if not years_before(today, 5) <= expiry <= today.replace(year=today.year + 10):
            raise forms.ValidationError(
                gettext("The expiry date must be a date printed on a carton in use.")
            )
        return expiry

    def error_sentences(self) -> list[str]:
        """Each error as a sentence that names its field (for a message above the page)."""
        return [
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        ]


class EndCourseForm(forms.Form):
    """The day a course ended: from its first dose to today."""

    stopped_on = forms.DateField(label=_("Last day of the course"), widget=DateInput())

    def __init__(self, *args: Any, start: date, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start = start
        self.today = today

    def clean_stopped_on(self) -> date:
        day: date = self.cleaned_data["stopped_on"]
        if day > self.today:
            raise forms.ValidationError(
                gettext("The last day cannot be in the future (today is %(date)s).")
                % {"date": long_date(self.today)}
            )
        if day < self.start:
            raise forms.ValidationError(
                gettext("The last day cannot be before the first dose on %(date)s.")
                % {"date": long_date(self.start)}
            )
        return day
