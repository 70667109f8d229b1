"""Handles used to start with the email's local part, publishing part of a private address on
every story. Re-generate those handles at random (members.models.new_handle). The old handles are
not kept: a reverse step cannot bring back what it must not keep."""

import secrets

from django.db import migrations
from django.utils.text import slugify


def _derived_from_email(user) -> bool:
    local = slugify(user.email.split("@")[0])[:24]
    return bool(local) and (user.handle == local or user.handle.startswith(f"{local}-"))


def regenerate_handles(apps, schema_editor):
    User = apps.get_model("members", "User")
    taken = set(User.objects.values_list("handle", flat=True))
    for user in User.objects.only("pk", "email", "handle").iterator():
        if not _derived_from_email(user):
            continue
        handle = f"member-{secrets.token_hex(5)}"
        while handle in taken:
            handle = f"member-{secrets.token_hex(5)}"
        taken.add(handle)
        User.objects.filter(pk=user.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [("members", "0013_content_language")]

    operations = [migrations.RunPython(regenerate_handles, migrations.RunPython.noop)]
