from django.apps import AppConfig


class LibConfig(AppConfig):
    """Holds the shared web plumbing and its one table (used form tokens)."""

    name = "calmskin.web.lib"
    label = "lib"
    default_auto_field = "django.db.models.BigAutoField"
