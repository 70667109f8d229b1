from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """allauth's emails name the Site; make it ours instead of example.com."""
    Site = apps.get_model("sites", "Site")
    domain = urlparse(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]

    # Backwards it leaves the name as it is: a database built before this app existed (when the
    # same migration lived in diaspora/) already had it, and going back must not change a row.
    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
