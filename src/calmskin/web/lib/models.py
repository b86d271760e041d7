"""The one table of the shared plumbing: form tokens already spent (a form saved once)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.diary.models import Profile


class SpentFormToken(models.Model):
    """A rendered form's one-time token, stored in the same transaction as what the form saved;
    a second submission of that render (back button, double tap) finds it and saves nothing."""

    token: models.UUIDField[Any, UUID] = models.UUIDField(_("token"), unique=True)
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="+", verbose_name=_("profile")
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True, db_index=True
    )

    class Meta:
        verbose_name = _("spent form token")
        verbose_name_plural = _("spent form tokens")

    def __str__(self) -> str:
        return str(self.token)
