"""A form saved once: each render carries a one-time token; the save spends it in its own
transaction, so the same render submitted again (back button, double tap, a retry on a slow
network) saves nothing the second time.

Views: ``with once(profile, request.POST): services.save_something(...)``; ``AlreadySaved`` means
that render was saved before. A post without a token (an old page, a script) is saved as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from calmskin.web.diary.models import Profile
from calmskin.web.lib.models import SpentFormToken

FIELD = "once"
KEEP = timedelta(days=7)
"""Spent tokens older than this are forgotten (a page is not resubmitted a week later)."""


class AlreadySaved(Exception):
    """This render of the form was saved before; nothing was saved again."""


def new_token() -> str:
    return str(uuid.uuid4())


def token_of(data: Mapping[str, Any]) -> uuid.UUID | None:
    """The posted token, or ``None`` when there is none or it is not a UUID."""
    raw = data.get(FIELD)
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def spent(data: Mapping[str, Any]) -> bool:
    """Whether this render was saved before: checked ahead of validation where the checks depend
    on what is saved (the second submission of a dose would otherwise ask "logged twice?")."""
    token = token_of(data)
    return token is not None and SpentFormToken.objects.filter(token=token).exists()


@contextmanager
def once(profile: Profile, data: Mapping[str, Any]) -> Iterator[None]:
    """One transaction around the save; raises :class:`AlreadySaved` if the token was spent."""
    token = token_of(data)
    with transaction.atomic():
        if token is not None:
            try:
                with transaction.atomic():
                    SpentFormToken.objects.create(token=token, profile=profile)
            except IntegrityError:
                raise AlreadySaved from None
            SpentFormToken.objects.filter(
                profile=profile, created__lt=timezone.now() - KEEP
            ).delete()
        yield
