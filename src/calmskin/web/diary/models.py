"""Patient data: a profile per person cared for, their weights and their daily check-ins.

Every read of these rows goes through :mod:`calmskin.web.diary.selectors` (one ownership helper per
entity); writes that touch several rows go through :mod:`calmskin.web.diary.services`.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calmskin.core.instruments import schedule as questionnaire_rules


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The IANA zone names of this machine's zoneinfo database (or the tzdata package)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA time zone name from the zoneinfo list (``Europe/Berlin``). Anything else, such as
    ``US``, ``Europe`` or ``America/Argentina`` (folders of that database, not zones), is refused
    with a message naming the field; it never reaches ``ZoneInfo``."""
    if not isinstance(value, str) or value not in known_time_zones():
        shown = str(value)[:64]
        raise ValidationError(
            _(
                "Time zone: “%(value)s” is not a time zone name. Choose one from the list, like "
                "Europe/Berlin or America/New_York."
            ),
            code="invalid_time_zone",
            params={"value": shown},
        )


class Relation(models.TextChoices):
    SELF = "self", _("Myself")
    CHILD = "child", _("My child")
    OTHER = "other", _("Someone else I care for")


class Region(models.TextChoices):
    US = "US", _("United States (FDA labels)")
    EU = "EU", _("European Union (EMA labels)")


class Trigger(models.TextChoices):
    SWEAT = "sweat", _("Sweat")
    HEAT = "heat", _("Heat")
    STRESS = "stress", _("Stress")
    DUST = "dust", _("Dust")
    PETS = "pets", _("Pets")
    FOODS = "foods", _("Foods")
    PRODUCTS = "products", _("Skin or cleaning products")
    WEATHER = "weather", _("Weather")


class Treatment(models.TextChoices):
    EMOLLIENT = "emollient", _("Emollient (moisturiser)")
    STEROID_MILD = "steroid_mild", _("Topical steroid, mild")
    STEROID_MODERATE = "steroid_moderate", _("Topical steroid, moderate")
    STEROID_POTENT = "steroid_potent", _("Topical steroid, potent")
    STEROID_VERY_POTENT = "steroid_very_potent", _("Topical steroid, very potent")
    CALCINEURIN_INHIBITOR = "calcineurin_inhibitor", _("Calcineurin inhibitor cream or ointment")
    OTHER = "other", _("Other treatment")


class Profile(models.Model):
    """A person whose eczema is tracked; one account may hold several (a parent and children)."""

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    account: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="diary_profiles",
        verbose_name=_("account"),
    )
    display_name: models.CharField[Any, str] = models.CharField(_("name"), max_length=80)
    relation: models.CharField[Any, str] = models.CharField(
        _("who is this"), max_length=8, choices=Relation.choices
    )
    birth_year: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("birth year")
    )
    birth_month: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("birth month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    time_zone: models.CharField[Any, str] = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    region: models.CharField[Any, str] = models.CharField(
        _("label region"), max_length=2, choices=Region.choices
    )
    email_reminders: models.BooleanField[Any, bool] = models.BooleanField(
        _("e-mail reminders"), default=True
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("created", "id")
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(birth_month__gte=1, birth_month__lte=12),
                name="diary_profile_birth_month_1_12",
            ),
        )

    def __str__(self) -> str:
        return self.display_name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_today(self, now: datetime | None = None) -> date:
        """Today's calendar date in the profile's time zone (check-ins are kept per local day)."""
        return timezone.localtime(now or timezone.now(), self.zone).date()

    def age_months(self, today: date) -> int:
        """Age in whole months on ``today``, counting from the first day of the birth month.

        Only the birth month is stored, so a birthday is taken to fall on the 1st of that month: a
        child born in March 2020 is 48 months (4 years) old from 1 March 2024. Negative before birth.
        """
        return (today.year - self.birth_year) * 12 + (today.month - self.birth_month)

    def quality_of_life_instrument(self, today: date) -> str:
        """Which life-quality questionnaire fits this age on ``today`` (``idqol``, ``cdlqi`` or
        ``dlqi``; the rule and its sources: :mod:`calmskin.core.instruments.schedule`)."""
        return questionnaire_rules.quality_of_life_instrument(self.age_months(today))


class WeightEntry(models.Model):
    """A body weight on a calendar day (one per day and profile; a later entry that day replaces it)."""

    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="weights", verbose_name=_("profile")
    )
    date: models.DateField[Any, date] = models.DateField(_("date"))
    weight_kg: models.DecimalField[Any, Decimal] = models.DecimalField(
        _("weight (kg)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.5), MaxValueValidator(400)],
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("-date",)
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        constraints = (
            models.UniqueConstraint(fields=("profile", "date"), name="diary_weight_one_per_day"),
        )

    def __str__(self) -> str:
        return f"{self.weight_kg} kg on {self.date}"


def _scale() -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(0), MaxValueValidator(10)]


class CheckIn(models.Model):
    """The daily check-in: worst itch and sleep loss (0-10), triggers, treatments, a note.

    ``date`` is the profile's local calendar date; there is at most one check-in per profile and day
    (a second save that day updates it: see services.save_check_in).
    """

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("profile")
    )
    date: models.DateField[Any, date] = models.DateField(_("date"))
    # Peak Pruritus NRS: worst itch in the last 24 hours, 0 = no itch ... 10 = worst imaginable.
    peak_itch: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("worst itch"), validators=_scale()
    )
    # Sleep loss from itch last night: 0 = slept well ... 10 = did not sleep at all.
    sleep_loss: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("sleep loss"), validators=_scale()
    )
    triggers = models.JSONField(_("triggers"), default=list, blank=True)
    own_triggers: models.CharField[Any, str] = models.CharField(
        _("other triggers"), max_length=200, blank=True
    )
    treatments = models.JSONField(_("treatments"), default=list, blank=True)
    # Ids of calmskin.core.bodymap areas marked on the body map, in the map's order.
    body_areas = models.JSONField(_("affected body areas"), default=list, blank=True)
    note: models.TextField[Any, str] = models.TextField(_("note"), max_length=2000, blank=True)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )
    updated: models.DateTimeField[Any, datetime] = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-date",)
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = (
            models.UniqueConstraint(fields=("profile", "date"), name="diary_checkin_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(peak_itch__lte=10), name="diary_checkin_peak_itch_0_10"
            ),
            models.CheckConstraint(
                condition=models.Q(sleep_loss__lte=10), name="diary_checkin_sleep_loss_0_10"
            ),
        )

    def __str__(self) -> str:
        return f"check-in {self.date}"

    def trigger_labels(self) -> list[str]:
        names = dict(Trigger.choices)
        return [str(names.get(value, value)) for value in self.triggers]

    def body_area_labels(self) -> list[str]:
        from calmskin.web.diary.bodymap import labels_for

        return labels_for(list(self.body_areas))

    def treatment_labels(self) -> list[str]:
        names = dict(Treatment.choices)
        return [str(names.get(value, value)) for value in self.treatments]
