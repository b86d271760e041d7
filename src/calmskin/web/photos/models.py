"""A skin photo of a profile, on a local calendar day.

The files live in Django's default storage under ``profiles/<profile uuid>/photos/`` with random
names (never the uploaded one). There is no public URL for them: ``views.serve_image`` and
``views.serve_thumbnail`` hand them out after ``selectors.photo_for`` has checked ownership.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.diary.models import Profile


def photo_path(instance: Photo, filename: str) -> str:
    """``profiles/<profile uuid>/photos/<random>.<ext>``: only the extension (ours) is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"profiles/{instance.profile.uuid}/photos/{uuid4().hex}.{extension}"


class Photo(models.Model):
    uuid: models.UUIDField[Any, UUID] = models.UUIDField(
        _("public id"), default=uuid4, unique=True, editable=False
    )
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="photos", verbose_name=_("profile")
    )
    taken_on: models.DateField[Any, date] = models.DateField(_("taken on"))
    body_area: models.CharField[Any, str] = models.CharField(
        _("body area"), max_length=60, blank=True
    )
    note: models.TextField[Any, str] = models.TextField(_("note"), max_length=500, blank=True)
    image = models.FileField(_("image"), upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_path, max_length=200)
    width: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(_("width"))
    height: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(_("height"))
    content_type: models.CharField[Any, str] = models.CharField(_("content type"), max_length=20)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )

    class Meta:
        ordering = ("-taken_on", "-created", "-id")
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = (models.Index(fields=("profile", "taken_on"), name="photos_profile_day"),)

    def __str__(self) -> str:
        return f"photo {self.taken_on}"
