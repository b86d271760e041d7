from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnConfig(AppConfig):
    """The Learn pages: one page per biologic from the therapy catalog, how biologics calm eczema,
    and a search in everyday words. Nothing is stored; every fact comes from calmskin.core."""

    name = "calmskin.web.learn"
    label = "learn"
    verbose_name = _("Learn")
