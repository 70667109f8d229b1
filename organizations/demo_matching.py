"""Matches for the demo data, and a fast generator of benchmark data for matching.

`seed` is the demo seed's last step: it scores every open need against every member (the full
rematch `manage.py rematch` runs), so members see scored "Needs for you" and teams see suggested
members from the start.

`bench_matching --generate` tops the database up to the wanted number of members and open needs
with set-based INSERT ... SELECT over generate_series, so 100,000 members and 20,000 needs take
seconds, not the minutes a Python loop would. The rows are fictional and clearly marked
(emails bench<n>@example.org, needs titled "Bench need <n>").
"""

import time

from django.db import connection, transaction

from core.choices import HelpKind
from members.demo import account_user_ids, demo_tags
from members.models import Profile, Skill
from organizations import matching
from organizations.models import Need, NeedCategory, Venture

SKILL_NAMES = [
    "contabilidad",
    "diseño gráfico",
    "desarrollo web",
    "marketing digital",
    "gestión de proyectos",
    "recaudación de fondos",
    "traducción",
    "derecho migratorio",
    "finanzas",
    "análisis de datos",
    "fotografía",
    "enseñanza",
    "salud pública",
    "agronomía",
    "logística",
    "ingeniería civil",
    "psicología",
    "comunicación",
    "ventas",
    "recursos humanos",
]
# Origin, residence: the diaspora's usual moves.
MOVES = [
    ("VE", "CO"),
    ("MX", "US"),
    ("BR", "PT"),
    ("VE", "ES"),
    ("CO", "US"),
    ("AR", "ES"),
    ("PE", "CL"),
    ("HN", "US"),
    ("SV", "US"),
    ("BO", "AR"),
    ("HT", "CA"),
    ("CU", "US"),
]
IMPACT = ["VE", "CO", "MX", "BR", "AR", "PE", "HN", "SV", "BO", "HT", "CU", "GT", "EC"]
LANGUAGE_SETS = [["es"], ["es", "en"], ["pt"], ["pt", "en"], ["es", "pt"], ["es", "en", "fr"]]
SKILL_COUNT = 120
# The demo seed rematches everything up to this many open needs x members (~15 s here at 100,000
# members and 110 open needs); `--scale large` has 150 times more and leaves it to `rematch`.
FULL_REMATCH_PAIRS = 30_000_000


def _sql_array(values):
    return "ARRAY[" + ",".join(f"'{value}'" for value in values) + "]"


def seed(context):
    """Every match, as `manage.py rematch` computes them, when that takes seconds; at the large
    scales, the matches the README's accounts and the campaign's needs show. Notifies nobody."""
    started = last_logged = time.monotonic()
    with connection.cursor() as cursor:
        # The scoring statement plans on these tables: give it statistics for the rows just loaded.
        cursor.execute(
            "ANALYZE members_user, members_profile, members_profileskill, organizations_need,"
            " organizations_needskill, organizations_venture, organizations_organization,"
            " organizations_membership, organizations_offer"
        )

    def progress(text):
        nonlocal last_logged
        if time.monotonic() - last_logged > 30:
            last_logged = time.monotonic()
            context.log(text)

    pairs = Need.objects.open().count() * Profile.objects.count()
    if pairs <= FULL_REMATCH_PAIRS:
        run = matching.rematch_all(notify=False, log=progress)
    else:
        run = matching.match_needs(
            Need.objects.open()
            .filter(venture__slug__startswith="cu-")  # campaigns.demo's needs
            .values_list("pk", flat=True),
            notify=False,
        )
        for user_id in account_user_ids():
            run.add(matching.match_member(user_id, notify=False))
        context.log(
            f"  {pairs:,} member-need pairs: matched the README's accounts and the campaign's"
            " needs only; `manage.py rematch` computes the rest (minutes at this scale)"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_match")
    context.log(f"  {run.kept} matches in {time.monotonic() - started:.1f}s")


def ensure_skills():
    names = list(SKILL_NAMES) + [f"habilidad {n}" for n in range(len(SKILL_NAMES), SKILL_COUNT)]
    demo_tags(Skill, names)
    return list(Skill.objects.order_by("id").values_list("id", flat=True))


def generate_members(count, skill_ids, log=print):
    """Add `count` members (users, profiles, 2 to 5 skills each) in three statements."""
    if count <= 0:
        return
    origins = _sql_array(move[0] for move in MOVES)
    residences = _sql_array(move[1] for move in MOVES)
    language_sets = (
        "ARRAY["
        + ",".join(f"'{{{','.join(languages)}}}'" for languages in LANGUAGE_SETS)
        + "]::text[]"
    )
    ways = _sql_array(HelpKind.values)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(max(id), 0) FROM members_user")
        start = cursor.fetchone()[0] + 1
        cursor.execute(
            """
            INSERT INTO members_user (id, password, is_superuser, email, handle, time_zone,
                                      language, is_staff, is_active, date_joined)
            SELECT n, '!', false, 'bench' || n || '@example.org', 'bench-' || n, '',
                   (ARRAY['es','pt-br','en'])[1 + (n %% 3)], false, random() > 0.01, now()
            FROM generate_series(%(start)s, %(stop)s) n
            """,
            {"start": start, "stop": start + count - 1},
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('members_user', 'id'), "
            "(SELECT max(id) FROM members_user))"
        )
        cursor.execute(
            f"""
            INSERT INTO members_profile (user_id, display_name, headline, bio, country_of_origin,
                country_of_residence, city, languages, ways_to_help, hours_per_month,
                is_changemaker, wants_to_be_ambassador, avatar, links, visibility, allow_matching,
                allow_suggestions, skills_text, created_at, updated_at)
            SELECT n, 'Miembro ' || n, '', '', ({origins})[1 + move], ({residences})[1 + move], '',
                (({language_sets})[1 + (n * 7 %% {len(LANGUAGE_SETS)})])::varchar(2)[],
                ARRAY[({ways})[1 + (n %% {len(HelpKind.values)})]]::varchar(20)[]
                  || CASE WHEN n %% 3 = 0
                     THEN ARRAY[({ways})[1 + ((n / 3) %% {len(HelpKind.values)})]]::varchar(20)[]
                     ELSE '{{}}'::varchar(20)[] END,
                (ARRAY[0, 4, 8, 10, 20, 40])[1 + (n %% 6)], false, false, '', '{{}}',
                CASE WHEN n %% 20 = 0 THEN 'hidden' WHEN n %% 3 = 0 THEN 'members'
                     ELSE 'public' END,
                n %% 25 <> 0, n %% 10 <> 0, '', now(), now()
            FROM (SELECT n, floor(random() * {len(MOVES)})::int AS move
                  FROM generate_series(%(start)s, %(stop)s) n) numbered
            """,  # noqa: S608 (only module constants are interpolated)
            {"start": start, "stop": start + count - 1},
        )
        cursor.execute(
            """
            INSERT INTO members_profileskill (content_object_id, tag_id)
            SELECT DISTINCT n, (%(skills)s::bigint[])[1 + floor(random() * %(skill_count)s)::int]
            FROM generate_series(%(start)s, %(stop)s) n,
                 LATERAL generate_series(1, 2 + (n %% 4)) k
            ON CONFLICT DO NOTHING
            """,
            {
                "start": start,
                "stop": start + count - 1,
                "skills": skill_ids,
                "skill_count": len(skill_ids),
            },
        )
    log(f"  generated {count} members")


def ensure_ventures(minimum=2000, log=print):
    existing = Venture.objects.count()
    if existing >= minimum:
        return
    impact = _sql_array(IMPACT)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO organizations_organization (name, slug, kind, countries, description,
                website, logo, verified, created_at, updated_at)
            VALUES ('Red de pruebas de emparejamiento', 'bench-matching-' || md5(random()::text),
                    'nonprofit', '', '', '', '', false, now(), now())
            RETURNING id
            """
        )
        organization_id = cursor.fetchone()[0]
        cursor.execute(
            f"""
            INSERT INTO organizations_venture (name, slug, summary, problem, approach, stage,
                countries, created_at, updated_at, organization_id)
            SELECT 'Emprendimiento ' || n, 'bench-venture-' || %(org)s || '-' || n, 'Prueba',
                   '', '', 'pilot',
                   ({impact})[1 + (n %% {len(IMPACT)})] || ',' ||
                   ({impact})[1 + ((n / 7) %% {len(IMPACT)})],
                   now(), now(), %(org)s
            FROM generate_series(1, %(count)s) n
            """,  # noqa: S608 (only module constants are interpolated)
            {"org": organization_id, "count": minimum - existing},
        )
    log(f"  generated {minimum - existing} ventures")


def generate_needs(count, skill_ids, log=print):
    """Add `count` open needs, 1 to 3 skills each, spread over the existing ventures."""
    if count <= 0:
        return
    ensure_ventures(log=log)
    categories = _sql_array(NeedCategory.values)
    language_sets = (
        "ARRAY["
        + ",".join(f"'{{{','.join(languages)}}}'" for languages in LANGUAGE_SETS)
        + "]::text[]"
    )
    impact = _sql_array(IMPACT)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id) FROM organizations_venture")
        venture_ids = cursor.fetchone()[0]
        cursor.execute(
            f"""
            INSERT INTO organizations_need (title, description, category, languages, is_remote,
                country, city, hours_expected, status, is_hidden, hidden_reason, created_at,
                updated_at, venture_id)
            SELECT 'Bench need ' || n, 'Generated for bench_matching.',
                ({categories})[1 + (n %% {len(NeedCategory.values)})],
                (({language_sets})[1 + (n %% {len(LANGUAGE_SETS)})])::varchar(2)[],
                n %% 4 <> 0, ({impact})[1 + (n %% {len(IMPACT)})], '',
                (ARRAY[NULL, 5, 10, 20]::int[])[1 + (n %% 4)], 'open', false, '', now(), now(),
                (%(ventures)s::bigint[])[1 + floor(random() * %(venture_count)s)::int]
            FROM generate_series(1, %(count)s) n
            RETURNING id
            """,  # noqa: S608 (only module constants are interpolated)
            {"count": count, "ventures": venture_ids, "venture_count": len(venture_ids)},
        )
        need_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            """
            INSERT INTO organizations_needskill (content_object_id, tag_id)
            SELECT DISTINCT need_id,
                   (%(skills)s::bigint[])[1 + floor(random() * %(skill_count)s)::int]
            FROM unnest(%(needs)s::bigint[]) need_id,
                 LATERAL generate_series(1, 1 + (need_id %% 3)) k
            ON CONFLICT DO NOTHING
            """,
            {"needs": need_ids, "skills": skill_ids, "skill_count": len(skill_ids)},
        )
    log(f"  generated {count} open needs")


def generate(*, members=100_000, open_needs=20_000, log=print):
    """Top the database up to `members` members and `open_needs` open needs."""
    skill_ids = ensure_skills()
    generate_members(members - Profile.objects.count(), skill_ids, log=log)
    generate_needs(open_needs - Need.objects.open().count(), skill_ids, log=log)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE members_user, members_profile, members_profileskill, organizations_need,"
            " organizations_needskill, organizations_venture"
        )
