from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    """Scoring calculators (EASI, POEM): nothing is stored, every score comes from calmskin.core."""

    name = "calmskin.web.instruments"
    label = "instruments"
    verbose_name = "Scoring calculators"

    def ready(self) -> None:
        from calmskin.web.instruments import textpacks

        textpacks.packs()  # a broken text pack fails here, at start-up
