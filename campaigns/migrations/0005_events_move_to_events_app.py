"""Events now live in the events app (events/migrations/0001_initial.py); their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_hideable_events"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are (db_table); only Django's picture of them moves.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="event",
                    name="campaign",
                ),
                migrations.RemoveField(
                    model_name="event",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="event",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="registration",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="organizationfollow",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="organizationfollow",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="registration",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="CalendarToken",
                ),
                migrations.DeleteModel(
                    name="Event",
                ),
                migrations.DeleteModel(
                    name="OrganizationFollow",
                ),
                migrations.DeleteModel(
                    name="Registration",
                ),
            ],
        ),
    ]
