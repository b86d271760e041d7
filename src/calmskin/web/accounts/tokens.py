"""The e-mail verification link: Django's signed, expiring token, with its own salt.

The hash covers ``is_active``, so a link stops working once it has been used. Links expire after
``PASSWORD_RESET_TIMEOUT`` seconds (Django's default: three days), like password-reset links.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "calmskin.web.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


verification_token = EmailVerificationTokenGenerator()
