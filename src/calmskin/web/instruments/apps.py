from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    """Scoring calculators (EASI, POEM): nothing is stored, every score comes from calmskin.core."""

    name = "calmskin.web.instruments"
    label = "instruments"
    verbose_name = _("Scoring calculators")

    def ready(self) -> None:
        from calmskin.web.instruments import textpacks

        textpacks.packs()  # a broken text pack fails here, at start-up
