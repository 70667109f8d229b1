from django.db import migrations, models


def pt_to_pt_br(apps, schema_editor):
    """The site's Portuguese became Brazilian (`pt-br`); members who chose `pt` keep Portuguese."""
    apps.get_model("members", "User").objects.filter(language="pt").update(language="pt-br")


def pt_br_to_pt(apps, schema_editor):
    apps.get_model("members", "User").objects.filter(language="pt-br").update(language="pt")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_notifications_move_to_notifications_app"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish"), ("pt-br", "Portuguese")],
                default="en",
                max_length=8,
                verbose_name="preferred language",
            ),
        ),
        migrations.RunPython(pt_to_pt_br, pt_br_to_pt, elidable=True),
    ]
