"""Notifications move out of members into their own app, keeping their tables and rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["notification", "notificationpreference"]


def relabel(old, new):
    def move(apps, schema_editor):
        # Reports, audit entries and notifications point at these rows by content type id:
        # relabel the rows rather than letting Django create new ones.
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_member_sessions"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are (db_table); only Django's picture of them moves.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=100, verbose_name='kind')),
                        ('target_object_id', models.CharField(blank=True, default='', max_length=64)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                        ('email_frequency', models.CharField(choices=[('immediately', 'Immediately'), ('daily', 'Daily digest'), ('weekly', 'Weekly digest'), ('off', 'Off')], max_length=16)),
                        ('emailed_at', models.DateTimeField(blank=True, null=True)),
                        ('email_claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('email_attempts', models.PositiveSmallIntegerField(default=0)),
                        ('dedupe_key', models.CharField(blank=True, max_length=200, null=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                        ('target_content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'members_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['recipient', '-created_at'], name='notif_inbox_idx'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notif_unread_idx'), models.Index(condition=models.Q(('emailed_at__isnull', True)), fields=['email_frequency', 'created_at'], name='notif_unsent_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('dedupe_key__isnull', False)), fields=('recipient', 'dedupe_key'), name='notif_unique_dedupe')],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=100, verbose_name='kind')),
                        ('frequency', models.CharField(choices=[('immediately', 'Immediately'), ('daily', 'Daily digest'), ('weekly', 'Weekly digest'), ('off', 'Off')], max_length=16, verbose_name='frequency')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification preference',
                        'verbose_name_plural': 'notification preferences',
                        'db_table': 'members_notificationpreference',
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='notif_pref_unique_user_kind')],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel("members", "notifications"), relabel("notifications", "members")),
    ]
