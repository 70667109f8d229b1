from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Community translations")

    def ready(self):
        from core.content_cache import watch_public_content  # noqa: PLC0415 - the app registry is not ready at import time
        from translations import (  # noqa: PLC0415 - the app registry is not ready at import time
            notifications,  # noqa: F401 - registers its kinds on import
            privacy,
            signals,
        )
        from translations.models import Translation  # noqa: PLC0415 - the app registry is not ready at import time

        watch_public_content(Translation)
        privacy.register()
        signals.connect()
