"""A record of every reminder sent, so that running ``remind`` again never sends one twice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from calmskin.web.diary.models import Profile


class SentReminder(models.Model):
    """One reminder of ``kind`` for ``profile`` about what fell due on ``due_on``.

    The unique constraint is the idempotency key: a reminder is claimed by inserting this row
    before the e-mail goes out, so two runs at the same moment cannot both send it (the loser's
    insert fails). If sending fails the claim is removed and the next run tries again.
    """

    profile: models.ForeignKey[Any, Profile] = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="sent_reminders", verbose_name=_("profile")
    )
    kind: models.CharField[Any, str] = models.CharField(_("kind"), max_length=80)
    due_on: models.DateField[Any, date] = models.DateField(_("due on"))
    sent_at: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("sent at"), auto_now_add=True
    )

    class Meta:
        ordering = ("-sent_at",)
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = (
            models.UniqueConstraint(
                fields=("profile", "kind", "due_on"), name="reminders_sent_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}"
