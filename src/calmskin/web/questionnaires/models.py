"""One filled-in questionnaire per row: the raw answers as given to the core, and the core's result.

``answers`` is the exact input passed to ``calmskin.core`` (``{"answers": {...}}``, plus
``severity`` for the IDQOL), so a response can always be scored again (:meth:`rescore`); ``score``,
``band``, ``band_set`` and ``reason`` are the core's result at save time (``score`` null: not scorable).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.core.instruments.base import ScoreResult
from calmskin.core.instruments.registry import get
from calmskin.web.diary.models import Profile


class Instrument(models.TextChoices):
    POEM = "poem", "POEM"
    DLQI = "dlqi", "DLQI"
    CDLQI = "cdlqi", "CDLQI"
    IDQOL = "idqol", "IDQOL"
    ADCT = "adct", "ADCT"


class Respondent(models.TextChoices):
    SELF = "self", _("The person with eczema")
    CAREGIVER = "caregiver", _("A parent or carer")


class QuestionnaireResponse(models.Model):
    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile,
        on_delete=models.CASCADE,
        related_name="questionnaire_responses",
        verbose_name=_("profile"),
    )
    instrument: models.CharField[Any, str] = models.CharField(
        _("questionnaire"), max_length=8, choices=Instrument.choices
    )
    # The profile's local calendar date when it was filled in.
    completed_on: models.DateField[Any, date] = models.DateField(_("completed on"))
    answers = models.JSONField(_("answers as given to the scorer"))
    score: models.DecimalField[Any, Decimal | None] = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    band: models.CharField[Any, str] = models.CharField(_("band"), max_length=40, blank=True)
    band_set: models.CharField[Any, str] = models.CharField(
        _("band set"), max_length=40, blank=True
    )
    reason: models.TextField[Any, str] = models.TextField(_("why not scored"), blank=True)
    respondent: models.CharField[Any, str] = models.CharField(
        _("filled in by"), max_length=10, choices=Respondent.choices
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("-completed_on", "-created", "-id")
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        indexes = (
            models.Index(
                fields=("profile", "instrument", "completed_on"), name="quest_profile_instr_day"
            ),
        )

    def __str__(self) -> str:
        return f"{self.instrument} {self.completed_on}"

    @property
    def scorable(self) -> bool:
        return self.score is not None

    def rescore(self) -> ScoreResult:
        """Score the stored raw answers again with the current core."""
        return get(self.instrument).score(self.answers)
