"""Accounts and profiles for the web tests (one place, so every test builds them alike)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from calmskin.web.diary.models import Profile

PASSWORD = "a long enough passphrase 42"


def make_user(name: str, password: str = PASSWORD) -> Any:
    """An active account ``<name>@example.org`` (the username is the e-mail, as at sign-up)."""
    email = f"{name}@example.org"
    return get_user_model().objects.create_user(username=email, email=email, password=password)


def make_profile(account: Any, name: str = "Alice", **fields: Any) -> Profile:
    """An adult's own profile (born June 1990, UTC, US labels) unless ``fields`` say otherwise."""
    values: dict[str, Any] = {
        "display_name": name,
        "relation": "self",
        "birth_year": 1990,
        "birth_month": 6,
        "time_zone": "UTC",
        "region": "US",
        **fields,
    }
    return Profile.objects.create(account=account, **values)
