from django.apps import AppConfig


class DiasporaConfig(AppConfig):
    name = "diaspora"
    verbose_name = "Site"

    def ready(self):
        from diaspora import signals

        signals.connect()
