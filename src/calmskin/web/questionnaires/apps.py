from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    """Saved questionnaires (POEM, DLQI/CDLQI/IDQOL, ADCT) per diary profile, scored by the core."""

    name = "calmskin.web.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")
    default_auto_field = "django.db.models.BigAutoField"
