from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Community translations")

    def ready(self):
        from core.content_cache import watch_public_content
        from translations import privacy, signals
        from translations.models import Translation

        watch_public_content(Translation)
        privacy.register()
        signals.connect()
