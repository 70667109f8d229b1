from django.db import migrations


def pt_to_pt_br(apps, schema_editor):
    """Invitations remember the inviter's interface language for their email; `pt` is `pt-br` now
    (a `pt` left here would pick no catalog of the site's and send the email in English)."""
    apps.get_model("organizations", "Invitation").objects.filter(language="pt").update(
        language="pt-br"
    )


def pt_br_to_pt(apps, schema_editor):
    apps.get_model("organizations", "Invitation").objects.filter(language="pt-br").update(
        language="pt"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0006_merge_0005_hideable_0005_list_page_indexes"),
    ]

    operations = [
        migrations.RunPython(pt_to_pt_br, pt_br_to_pt, elidable=True),
    ]
