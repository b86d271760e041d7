"""Rate limits for sign-up, log-in, e-mails, password resets and password checks (django-ratelimit).

Counts live in Django's ``default`` cache: set ``CALMSKIN_CACHE_URL`` (Redis) so that every worker
process shares them; the default in-process cache counts per worker. Only POSTs are counted. Both
the client address (``REMOTE_ADDR``, or the header named by ``CALMSKIN_CLIENT_IP_HEADER`` behind a
proxy) and the submitted, normalised e-mail address are limited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from calmskin.web.accounts.forms import normalise_email

Rule = tuple[str | Callable[[str, HttpRequest], str], str]


def posted_email(group: str, request: HttpRequest) -> str:
    """The ratelimit key for "per account": the submitted address, normalised."""
    return normalise_email(str(request.POST.get("email", "")))


SIGNUP: list[Rule] = [("ip", "10/h"), (posted_email, "5/h")]
LOGIN: list[Rule] = [("ip", "30/m"), (posted_email, "5/m")]
RESEND: list[Rule] = [("ip", "10/h"), (posted_email, "3/h")]
PASSWORD_RESET: list[Rule] = [("ip", "10/h"), (posted_email, "3/h")]
# Password checks of a signed-in account (delete the account): per address and per account.
PASSWORD_CONFIRM: list[Rule] = [("ip", "30/h"), ("user", "5/15m")]


def limited(request: HttpRequest, group: str, rules: list[Rule]) -> bool:
    """Count this POST against every rule; true if any of them is over its limit."""
    over = [
        is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
        for key, rate in rules
    ]
    return any(over)


def rate_limited_response(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/rate_limited.html", status=429)


def limit_posts(group: str, rules: list[Rule]) -> Callable[[Any], Any]:
    """Decorate a view: a POST over any limit gets the 429 page and the view never runs."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and limited(request, group, rules):
                return rate_limited_response(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
