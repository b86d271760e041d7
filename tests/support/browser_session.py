"""Signing a browser page in as an account, without going through the log-in form each time."""

from __future__ import annotations

from typing import Any

from django.test import Client
from playwright.sync_api import Page


def sign_in(page: Page, base_url: str, account: Any) -> Client:
    """Give ``page`` a session of ``account`` on the live server; returns the Django test client
    holding the same session (for fetching what the browser would fetch)."""
    client = Client()
    client.force_login(account)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return client
