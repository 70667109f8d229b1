"""Requests to talk still pending between two members one of whom blocked the other: declined, as
blocking now does (conversations.services.decline_requests_between). Nobody could answer them, yet
they were listed and counted as waiting. Reversing leaves them declined: which ones were pending is
not recorded, and a declined request loses nothing (its text and dates stay)."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def decline_requests_across_blocks(apps, schema_editor):
    ConnectionRequest = apps.get_model("conversations", "ConnectionRequest")
    Block = apps.get_model("members", "Block")
    across = Block.objects.filter(
        Q(blocker_id=OuterRef("sender_id"), blocked_id=OuterRef("recipient_id"))
        | Q(blocker_id=OuterRef("recipient_id"), blocked_id=OuterRef("sender_id"))
    )
    ConnectionRequest.objects.filter(Exists(across), state="pending").update(
        state="declined", decided_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("members", "0016_user_language_blank_until_chosen"),
    ]

    operations = [
        migrations.RunPython(decline_requests_across_blocks, migrations.RunPython.noop),
    ]
