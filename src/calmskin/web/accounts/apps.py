from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-up by e-mail with verification, log-in/out, password reset: Django's auth, our pages.

    Uses Django's built-in ``User``: ``username`` is the normalised (stripped, lower-case) e-mail
    address, which makes it unique; ``email`` holds the same value. A new account is inactive until
    the e-mailed link is followed (``last_login`` still empty tells "never verified" from "disabled").
    """

    name = "calmskin.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
