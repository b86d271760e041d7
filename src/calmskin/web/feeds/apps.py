from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Calendar subscriptions: an iCalendar feed of a profile's coming doses at a secret URL."""

    name = "calmskin.web.feeds"
    label = "feeds"
    verbose_name = _("Calendar feeds")
    default_auto_field = "django.db.models.BigAutoField"
