from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo accounts and data (no models): the ``load_demo`` management command."""

    name = "calmskin.web.demo"
    label = "demo"
    verbose_name = _("Demo data")
