from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SideEffectsConfig(AppConfig):
    """Side effects of a biologic, one row per episode, with what the label says about them."""

    name = "calmskin.web.sideeffects"
    label = "sideeffects"
    verbose_name = _("Side effects")
    default_auto_field = "django.db.models.BigAutoField"
