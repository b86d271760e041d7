from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    """'Is it working?': baseline against now for a treatment, and the baselines people enter."""

    name = "calmskin.web.response"
    label = "response"
    verbose_name = _("Response to treatment")
    default_auto_field = "django.db.models.BigAutoField"
