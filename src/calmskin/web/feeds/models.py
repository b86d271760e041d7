"""The secret that opens a profile's calendar feed.

**Only a hash is stored.** The feed URL is a bearer credential: whoever has it can read the
profile's medicine and dose dates without logging in, and calendar apps fetch it unattended for
months. So the database keeps the SHA-256 of the token (``token_hash``), never the token: a leaked
database, backup or admin screen does not hand out working URLs. The price is that the owner sees
the URL once, when it is made, and is told to copy it then; someone who lost it makes a new one
(which revokes the old). A plain hash without salt or stretching is enough here, unlike for
passwords: the token is 32 random bytes from :func:`secrets.token_urlsafe`, so there is nothing to
guess and no dictionary to try.

A profile has at most one active token (a partial unique constraint); revoked rows are kept with
``revoked_at`` so the owner can see when a feed was last switched off.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.diary.models import Profile


class FeedToken(models.Model):
    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("profile")
    )
    token_hash: models.CharField[Any, str] = models.CharField(
        _("token hash"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_(
            "SHA-256 of the secret in the feed URL, in hexadecimal; the secret is not kept."
        ),
    )
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )
    revoked_at: models.DateTimeField[Any, datetime | None] = models.DateTimeField(
        _("revoked at"), null=True, blank=True
    )

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = (
            models.UniqueConstraint(
                fields=("profile",),
                condition=models.Q(revoked_at__isnull=True),
                name="feeds_one_active_token_per_profile",
            ),
        )

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at is not None else "active"
        return f"calendar feed {self.pk} ({state})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
