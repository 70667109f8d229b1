# The single-column indexes of Match.need and Match.user duplicate the leading column of
# match_need_score / match_need_user and match_user_score. Only the indexes go: Django's own
# AlterField would also drop and re-add (and re-check) both foreign keys over millions of rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0012_profile_matching_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="match",
                    name="need",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="matches",
                        to="organizations.need",
                    ),
                ),
                migrations.AlterField(
                    model_name="match",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="matches",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "organizations_match_need_id_4a5bf58e"',
                    'CREATE INDEX IF NOT EXISTS "organizations_match_need_id_4a5bf58e"'
                    ' ON "organizations_match" ("need_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "organizations_match_user_id_74cb4ff4"',
                    'CREATE INDEX IF NOT EXISTS "organizations_match_user_id_74cb4ff4"'
                    ' ON "organizations_match" ("user_id")',
                ),
            ],
        ),
    ]
