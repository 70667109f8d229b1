"""Stories name their hidden flag like every other hideable model (core.models.Hideable)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_events_move_to_events_app")]

    operations = [
        migrations.RenameField(model_name="story", old_name="hidden_by_staff", new_name="is_hidden"),
    ]
