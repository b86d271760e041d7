"""A side-effect episode of a profile: what, how bad, from when to when, and what was done.

The kinds and the drugs are the ids of :mod:`calmskin.core.therapy.side_effects` and
:mod:`calmskin.core.therapy.catalog` (tests check that the choices here match them); what the
labels say about a kind is looked up there, never stored with the episode.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.diary.models import Profile


class Kind(models.TextChoices):
    EYE_RED = "eye-red", _("Red eyes")
    EYE_ITCHY = "eye-itchy", _("Itchy eyes")
    EYE_DRY = "eye-dry", _("Dry eyes")
    EYE_PAIN = "eye-pain", _("Eye pain")
    VISION_CHANGE = "vision-change", _("Change in vision, for example blurring")
    INJECTION_SITE = "injection-site", _("Reaction where the injection went in")
    COLD_SORE = "cold-sore", _("Cold sores")
    FACIAL_REDNESS = "facial-redness", _("Redness of the face")
    JOINT_PAIN = "joint-pain", _("Joint pain")
    OTHER = "other", _("Something else")


# The groups of calmskin.core.therapy.side_effects.GROUPS, with translated names.
GROUP_NAMES = {
    "eyes": _("Eyes"),
    "skin": _("Skin"),
    "joints": _("Joints"),
    "other": _("Other"),
}


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Drug(models.TextChoices):
    DUPILUMAB = "dupilumab", _("Dupilumab (Dupixent)")
    TRALOKINUMAB = "tralokinumab", _("Tralokinumab (Adbry, Adtralza)")
    LEBRIKIZUMAB = "lebrikizumab", _("Lebrikizumab (Ebglyss)")
    NEMOLIZUMAB = "nemolizumab", _("Nemolizumab (Nemluvio)")


class SideEffect(models.Model):
    """One episode; ``ended_on`` empty while it goes on. Dates are the profile's local days."""

    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="side_effects", verbose_name=_("profile")
    )
    kind: models.CharField[Any, str] = models.CharField(
        _("side effect"), max_length=20, choices=Kind.choices
    )
    other_text: models.CharField[Any, str] = models.CharField(
        _("what it is"), max_length=120, blank=True
    )
    severity: models.CharField[Any, str] = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices
    )
    started_on: models.DateField[Any, date] = models.DateField(_("started on"))
    ended_on: models.DateField[Any, date | None] = models.DateField(
        _("ended on"), null=True, blank=True
    )
    drug: models.CharField[Any, str] = models.CharField(
        _("biologic at the time"), max_length=20, choices=Drug.choices, blank=True
    )
    what_was_done: models.TextField[Any, str] = models.TextField(
        _("what was done"), max_length=500, blank=True
    )
    note: models.TextField[Any, str] = models.TextField(_("note"), max_length=1000, blank=True)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )
    updated: models.DateTimeField[Any, datetime] = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-started_on", "-created", "-id")
        verbose_name = _("side effect")
        verbose_name_plural = _("side effects")
        indexes = (models.Index(fields=("profile", "started_on"), name="sideeffects_profile_day"),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="sideeffects_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="other") | ~models.Q(other_text=""),
                name="sideeffects_other_is_described",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"

    @property
    def ongoing(self) -> bool:
        return self.ended_on is None

    @property
    def title(self) -> str:
        """What to call it on a page: the person's own words for "something else"."""
        if self.kind == Kind.OTHER and self.other_text:
            return self.other_text
        return str(self.get_kind_display())  # type: ignore[attr-defined]
