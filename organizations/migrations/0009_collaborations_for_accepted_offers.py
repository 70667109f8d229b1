"""Every offer accepted before collaborations existed gets one, from the day it was answered.
Need statuses are left as they were: the teams moved them by hand until now."""

from django.db import migrations


def create_collaborations(apps, schema_editor):
    Offer = apps.get_model("organizations", "Offer")
    Collaboration = apps.get_model("organizations", "Collaboration")
    accepted = (
        Offer.objects.filter(state="accepted", collaboration__isnull=True)
        .select_related("need__venture")
        .order_by("pk")
    )
    batch = []
    for offer in accepted.iterator(chunk_size=2000):
        batch.append(
            Collaboration(
                offer_id=offer.pk,
                need_id=offer.need_id,
                organization_id=offer.need.venture.organization_id,
                helper_id=offer.member_id,
                started_at=offer.answered_at or offer.updated_at,
            )
        )
        if len(batch) >= 2000:
            Collaboration.objects.bulk_create(batch)
            batch = []
    Collaboration.objects.bulk_create(batch)


def remove_collaborations(apps, schema_editor):
    # Going back, the table itself goes with the previous migration; emptying it first keeps
    # this step reversible on its own.
    apps.get_model("organizations", "Collaboration").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0008_collaborations_check_ins")]

    operations = [migrations.RunPython(create_collaborations, remove_collaborations)]
