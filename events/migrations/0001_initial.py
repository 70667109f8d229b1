"""Events move out of campaigns into their own app, keeping their tables and rows."""

import django.db.models.deletion
import django_countries.fields
import events.models
from django.conf import settings
from django.db import migrations, models

MODELS = ["event", "registration", "calendartoken", "organizationfollow"]


def relabel(old, new):
    def move(apps, schema_editor):
        # Reports, audit entries and notifications point at these rows by content type id:
        # relabel the rows rather than letting Django create new ones.
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_hideable_events"),
        ("organizations", "0006_merge_0005_hideable_0005_list_page_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are (db_table); only Django's picture of them moves.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='CalendarToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=events.models.new_calendar_token, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now=True)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_token', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'campaigns_calendartoken',
                    },
                ),
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('description', models.TextField(blank=True, help_text='Markdown is supported.', verbose_name='description')),
                        ('format', models.CharField(choices=[('online', 'Online'), ('in_person', 'In person'), ('hybrid', 'Hybrid')], default='online', max_length=10, verbose_name='format')),
                        ('starts_at', models.DateTimeField(verbose_name='starts at')),
                        ('ends_at', models.DateTimeField(verbose_name='ends at')),
                        ('time_zone', models.CharField(default='UTC', max_length=64, verbose_name="organizer's time zone")),
                        ('language', models.CharField(choices=[('es', 'Spanish'), ('pt', 'Portuguese'), ('en', 'English'), ('fr', 'French'), ('it', 'Italian'), ('de', 'German'), ('nl', 'Dutch'), ('ca', 'Catalan'), ('qu', 'Quechua'), ('gn', 'Guarani'), ('ay', 'Aymara'), ('ht', 'Haitian Creole'), ('ja', 'Japanese'), ('zh', 'Chinese'), ('ar', 'Arabic'), ('he', 'Hebrew'), ('ru', 'Russian'), ('ko', 'Korean')], default='es', max_length=8, verbose_name='language')),
                        ('venue', models.CharField(blank=True, max_length=200, verbose_name='venue')),
                        ('city', models.CharField(blank=True, max_length=120, verbose_name='city')),
                        ('country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country')),
                        ('join_url', models.URLField(blank=True, verbose_name='join link')),
                        ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave empty for unlimited seats.', null=True, verbose_name='capacity')),
                        ('registration_deadline', models.DateTimeField(blank=True, null=True, verbose_name='registration deadline')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('cancelled', 'Cancelled')], default='draft', max_length=10, verbose_name='status')),
                        ('cancel_message', models.TextField(blank=True, verbose_name='cancellation message')),
                        ('is_hidden', models.BooleanField(default=False, verbose_name='hidden by staff')),
                        ('hidden_reason', models.TextField(blank=True, verbose_name='reason for hiding')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='campaigns.campaign', verbose_name='organizing campaign')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='organizations.organization', verbose_name='organizing organization')),
                    ],
                    options={
                        'verbose_name': 'event',
                        'verbose_name_plural': 'events',
                        'db_table': 'campaigns_event',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='OrganizationFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='organizations.organization')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='organization_follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'campaigns_organizationfollow',
                    },
                ),
                migrations.CreateModel(
                    name='Registration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('going', 'Going'), ('waitlisted', 'Waitlisted'), ('cancelled', 'Cancelled')], max_length=12, verbose_name='state')),
                        ('position', models.PositiveIntegerField(blank=True, null=True, verbose_name='waitlist position')),
                        ('reminded_24h_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('reminded_1h_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='events.event')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='event_registrations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'registration',
                        'verbose_name_plural': 'registrations',
                        'db_table': 'campaigns_registration',
                    },
                ),
                migrations.AddIndex(
                    model_name='event',
                    index=models.Index(fields=['status', 'starts_at'], name='event_status_start_idx'),
                ),
                migrations.AddIndex(
                    model_name='event',
                    index=models.Index(fields=['status', 'ends_at'], name='event_status_end_idx'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('campaign__isnull', True), ('organization__isnull', False)), models.Q(('campaign__isnull', False), ('organization__isnull', True)), _connector='OR'), name='event_exactly_one_organizer'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gte', models.F('starts_at'))), name='event_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='organizationfollow',
                    constraint=models.UniqueConstraint(fields=('user', 'organization'), name='organization_follow_unique'),
                ),
                migrations.AddIndex(
                    model_name='registration',
                    index=models.Index(fields=['event', 'state', 'position'], name='registration_state_idx'),
                ),
                migrations.AddIndex(
                    model_name='registration',
                    index=models.Index(fields=['user', 'state'], name='registration_user_state_idx'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.UniqueConstraint(fields=('event', 'user'), name='registration_unique_event_user'),
                ),
            ],
        ),
        migrations.RunPython(relabel("campaigns", "events"), relabel("events", "campaigns")),
    ]
