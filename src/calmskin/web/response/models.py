"""Baselines a person enters for a course when the diary has none from before the first dose.

A baseline from the diary always wins over an entered one (``calmskin.core.response``); an entered
value is shown as "entered by you". ``instrument`` is the registry id the value is a score of, so an
entered CDLQI is never compared with a later DLQI (the life-quality questionnaire changes with age).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.treatment.models import Treatment


class Measure(models.TextChoices):
    POEM = "poem", "POEM"
    ITCH = "itch", _("Worst itch, weekly average")
    QOL = "qol", _("Life-quality questionnaire")


INSTRUMENT_CHOICES = [
    ("poem", "POEM"),
    ("pp-nrs", "PP-NRS"),
    ("dlqi", "DLQI"),
    ("cdlqi", "CDLQI"),
    ("idqol", "IDQOL"),
]


class Baseline(models.Model):
    """One entered baseline per course and measure, dated the first-dose day (``entered_on``)."""

    treatment: models.ForeignKey[Any, Treatment] = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("treatment")
    )
    measure: models.CharField[Any, str] = models.CharField(
        _("measure"), max_length=8, choices=Measure.choices
    )
    instrument: models.CharField[Any, str] = models.CharField(
        _("questionnaire or scale"), max_length=8, choices=INSTRUMENT_CHOICES
    )
    value: models.DecimalField[Any, Decimal] = models.DecimalField(
        _("value"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    entered_on: models.DateField[Any, date] = models.DateField(
        _("for the day"), help_text=_("The first-dose day the value stands for.")
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )
    updated: models.DateTimeField[Any, datetime] = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("measure",)
        verbose_name = _("entered baseline")
        verbose_name_plural = _("entered baselines")
        constraints = (
            models.UniqueConstraint(
                fields=("treatment", "measure"), name="response_baseline_one_per_measure"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=30),
                name="response_baseline_value_0_30",
            ),
        )

    def __str__(self) -> str:
        return f"{self.measure} {self.value} for {self.entered_on}"
