"""Notifications now live in the notifications app; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_member_sessions"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are (db_table); only Django's picture of them moves.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="notificationpreference",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Notification",
                ),
                migrations.DeleteModel(
                    name="NotificationPreference",
                ),
            ],
        ),
    ]
