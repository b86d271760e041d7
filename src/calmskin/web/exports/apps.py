from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Ownership of data: export a profile (ZIP of CSVs, JSON, photos) and delete a profile or account."""

    name = "calmskin.web.exports"
    label = "exports"
    verbose_name = _("Export and delete")
    default_auto_field = "django.db.models.BigAutoField"
