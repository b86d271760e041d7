from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummaryConfig(AppConfig):
    """The visit summary: one page for the doctor, as HTML to print and as a PDF."""

    name = "calmskin.web.summary"
    label = "summary"
    verbose_name = _("Visit summary")
    default_auto_field = "django.db.models.BigAutoField"
