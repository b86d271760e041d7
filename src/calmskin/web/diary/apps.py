from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiaryConfig(AppConfig):
    """The patient diary: profiles (self, a child, someone else), weights and daily check-ins."""

    name = "calmskin.web.diary"
    label = "diary"
    verbose_name = _("Patient diary")
    default_auto_field = "django.db.models.BigAutoField"
