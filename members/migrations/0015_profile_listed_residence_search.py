import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently, BtreeGinExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    # CONCURRENTLY: members keep saving their profiles while the index builds.
    atomic = False

    dependencies = [
        ("members", "0014_handles_not_from_email"),
    ]

    operations = [
        # btree_gin (PostgreSQL contrib, a trusted extension): a plain column in a GIN index.
        BtreeGinExtension(),
        AddIndexConcurrently(
            model_name="profile",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(
                    models.Q(("visibility", "public"), ("visibility", "members"), _connector="OR"),
                    ("is_hidden", False),
                ),
                fields=["country_of_residence", "search_vector"],
                name="profile_listed_res_search",
            ),
        ),
    ]
