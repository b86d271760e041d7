from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentConfig(AppConfig):
    """The biologic in daily life: the prescribed plan and its changes, and the injection log."""

    name = "calmskin.web.treatment"
    label = "treatment"
    verbose_name = _("Treatment")
    default_auto_field = "django.db.models.BigAutoField"
