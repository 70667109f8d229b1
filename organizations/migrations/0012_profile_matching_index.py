from django.db import migrations

# Matching reads six columns of every candidate member's profile: a covering partial index holds
# them for the matchable profiles only (12 MB at 100,000 members against the table's 111 MB), so
# the lookups are index-only. It replaces profile_matchable (user_id only, without NOT is_hidden).
# CONCURRENTLY: members keep saving their profiles while it builds.
MATCHING = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS profile_matching ON members_profile (user_id) "
    "INCLUDE (ways_to_help, languages, country_of_origin, country_of_residence, hours_per_month) "
    "WHERE allow_matching AND visibility <> 'hidden' AND NOT is_hidden"
)
MATCHABLE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS profile_matchable ON members_profile (user_id) "
    "WHERE allow_matching AND visibility <> 'hidden'"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0004_hideable"),
        ("organizations", "0011_venture_cover"),
    ]

    operations = [
        migrations.RunSQL(MATCHING, "DROP INDEX CONCURRENTLY IF EXISTS profile_matching"),
        migrations.RunSQL(
            "DROP INDEX CONCURRENTLY IF EXISTS profile_matchable", MATCHABLE
        ),
    ]
