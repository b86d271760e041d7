from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    """Skin photos of a profile: metadata stripped on upload, served only to the owner."""

    name = "calmskin.web.photos"
    label = "photos"
    verbose_name = _("Photos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from calmskin.web.photos import services, signals  # noqa: F401  (connects the receivers)

        services.register_heif()
