"""A course of a biologic as prescribed, its dated changes of plan, and every injection given.

The prescription is the record; the label is a check kept beside it (``label_check``), never a
correction. Reads go through :mod:`calmskin.web.treatment.selectors` (one ownership helper per
entity), writes through :mod:`calmskin.web.treatment.services`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.core.therapy.catalog import DRUG_IDS, load_drug
from calmskin.core.therapy.sites import SITES
from calmskin.web.diary.models import Profile

DRUG_CHOICES = [(drug_id, load_drug(drug_id).inn.capitalize()) for drug_id in DRUG_IDS]
SITE_CHOICES = [(site.id, site.label) for site in SITES.values()]


class Device(models.TextChoices):
    PEN = "pen", _("Pre-filled pen")
    SYRINGE = "syringe", _("Pre-filled syringe")


class Injector(models.TextChoices):
    SELF = "self", _("I injected myself")
    CAREGIVER = "caregiver", _("A parent or carer")
    CLINICIAN = "clinician", _("A nurse or doctor")


class Treatment(models.Model):
    """One course of one biologic for a profile, from its first dose (``start_date``)."""

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="treatments", verbose_name=_("profile")
    )
    drug: models.CharField[Any, str] = models.CharField(
        _("medicine"), max_length=20, choices=DRUG_CHOICES
    )
    start_date: models.DateField[Any, date] = models.DateField(_("first dose"))
    device: models.CharField[Any, str] = models.CharField(
        _("device"), max_length=8, choices=Device.choices, default=Device.PEN
    )
    # As prescribed: [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}, ...]
    loading = models.JSONField(_("loading doses"), default=list, blank=True)
    # The label comparison when the plan was recorded (age, weight, region, differences).
    label_check = models.JSONField(_("label check"), default=dict, blank=True)
    stopped_on: models.DateField[Any, date | None] = models.DateField(
        _("stopped on"), null=True, blank=True
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")

    def __str__(self) -> str:
        return f"{self.drug} from {self.start_date}"

    @property
    def drug_name(self) -> str:
        return str(dict(DRUG_CHOICES).get(self.drug, self.drug))


class PlanStep(models.Model):
    """Maintenance as prescribed from ``from_date`` (the first step starts after loading)."""

    treatment: models.ForeignKey[Any, Treatment] = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="steps", verbose_name=_("treatment")
    )
    from_date: models.DateField[Any, date] = models.DateField(_("from"))
    dose_mg: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(
        _("dose (mg)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    interval_days: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("every (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    injections: models.PositiveSmallIntegerField[Any, int] = models.PositiveSmallIntegerField(
        _("injections per dose"), default=1
    )
    injection_mg: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(
        _("mg per injection")
    )
    reason: models.CharField[Any, str] = models.CharField(_("reason"), max_length=200, blank=True)
    # When set, the previous step's doses stop from this day rather than from ``from_date`` (a
    # schedule restarted after a late dose: the old rhythm ends the day after that dose).
    replaces_from: models.DateField[Any, date | None] = models.DateField(
        _("replaces the previous plan from"), null=True, blank=True
    )
    label_check = models.JSONField(_("label check"), default=dict, blank=True)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("from_date",)
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        constraints = (
            models.UniqueConstraint(
                fields=("treatment", "from_date"), name="treatment_step_one_per_date"
            ),
        )

    def __str__(self) -> str:
        return f"{self.dose_mg} mg every {self.interval_days} days from {self.from_date}"


class Injection(models.Model):
    """One injection as given: each of the two loading injections is a row of its own."""

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    treatment: models.ForeignKey[Any, Treatment] = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="injections", verbose_name=_("treatment")
    )
    given_at: models.DateTimeField[Any, datetime] = models.DateTimeField(_("given at"))
    given_on: models.DateField[Any, date] = models.DateField(
        _("given on"), help_text=_("The day in the profile's time zone.")
    )
    dose_mg: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(
        _("dose (mg)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    site: models.CharField[Any, str] = models.CharField(
        _("site"), max_length=24, choices=SITE_CHOICES
    )
    device: models.CharField[Any, str] = models.CharField(
        _("device"), max_length=8, choices=Device.choices
    )
    lot: models.CharField[Any, str] = models.CharField(_("lot number"), max_length=40, blank=True)
    injector: models.CharField[Any, str] = models.CharField(
        _("who injected"), max_length=10, choices=Injector.choices
    )
    pain: models.PositiveSmallIntegerField[Any, int | None] = models.PositiveSmallIntegerField(
        _("pain"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    confirmed: models.CharField[Any, str] = models.CharField(
        _("confirmed as entered"),
        max_length=500,
        blank=True,
        help_text=_("What was unusual about this entry when the person confirmed it."),
    )
    note: models.TextField[Any, str] = models.TextField(_("note"), max_length=2000, blank=True)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("-given_at", "-id")
        verbose_name = _("injection")
        verbose_name_plural = _("injections")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(pain__isnull=True) | models.Q(pain__lte=10),
                name="treatment_injection_pain_0_10",
            ),
        )

    def __str__(self) -> str:
        return f"{self.dose_mg} mg on {self.given_on} ({self.site})"

    @property
    def site_label(self) -> str:
        return str(dict(SITE_CHOICES).get(self.site, self.site))


class PenOut(models.Model):
    """A pen or syringe taken out of the fridge: the room-temperature clock runs from ``taken_out_at``.

    Ended by ``used_at`` (logged as injected) or ``discarded_at``; the use-by time itself is not
    stored but computed by the core from the label (``calmskin.core.therapy.storage``), so a
    correction of the label data applies to pens already out.
    """

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    treatment: models.ForeignKey[Any, Treatment] = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="pens_out", verbose_name=_("treatment")
    )
    taken_out_at: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("taken out of the fridge at")
    )
    expiry: models.DateField[Any, date | None] = models.DateField(
        _("expiry date on the carton"), null=True, blank=True
    )
    used_at: models.DateTimeField[Any, datetime | None] = models.DateTimeField(
        _("used at"), null=True, blank=True
    )
    discarded_at: models.DateTimeField[Any, datetime | None] = models.DateTimeField(
        _("discarded at"), null=True, blank=True
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("taken_out_at", "id")
        verbose_name = _("pen out of the fridge")
        verbose_name_plural = _("pens out of the fridge")

    def __str__(self) -> str:
        return f"out since {self.taken_out_at}"

    @property
    def active(self) -> bool:
        return self.used_at is None and self.discarded_at is None


class SkippedDose(models.Model):
    """A scheduled dose the person decided not to give (e.g. the label says to skip a dose that is
    more than 7 days late): recorded so the log says what was done, not just "missed"."""

    treatment: models.ForeignKey[Any, Treatment] = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="skipped", verbose_name=_("treatment")
    )
    due_on: models.DateField[Any, date] = models.DateField(_("scheduled for"))
    recorded_at: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("recorded at"), auto_now_add=True
    )
    note: models.CharField[Any, str] = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ("due_on",)
        verbose_name = _("skipped dose")
        verbose_name_plural = _("skipped doses")
        constraints = (
            models.UniqueConstraint(fields=("treatment", "due_on"), name="treatment_skip_once"),
        )

    def __str__(self) -> str:
        return f"skipped {self.due_on}"
