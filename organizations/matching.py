"""Matching open needs and members, set-based in PostgreSQL.

One statement per run scores every candidate pair of a scope (some needs, or one member), upserts
the pairs that qualify into organizations_match and deletes the rows of that scope that no longer
qualify. Nothing loops over members in Python.

Candidates: a member and a need are considered when they share at least one skill, or, for a need
that lists no skills, when the need's category is one of the member's ways to help. Everything else
only adds to the score of a candidate.

Score (0-100), the weights:
  skills        40 x shared skills / the need's skills     the main signal
  way to help   15 if the need's category is one of the member's ways to help
  languages     15 if the member speaks one of the need's languages
  diaspora tie  15 if the member comes from a country where the venture works
  residence     10 for an on-site need, if the member lives in the need's country
  availability   5 x min(1, hours per month / hours expected) (5 if the need expects no hours
                   and the member gives any)

Pairs under MATCH_MIN_SCORE are not kept, and a need keeps at most MATCHES_PER_NEED members (the
best ones), so the table stays bounded at about open needs x MATCHES_PER_NEED rows.

Never matched: hidden profiles, members who turned matching off, inactive accounts, members who
already offered on the need, and members of the organization that posted it.

`reasons` stores the score's components as data; `explain()` renders them in the active language.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from core.choices import SPOKEN_LANGUAGES, HelpKind
from members.models import Profile
from organizations import match_notifications
from organizations.models import Match, Need, NeedCategory, Offer

WEIGHT_SKILLS = 40
WEIGHT_WAY = 15
WEIGHT_LANGUAGE = 15
WEIGHT_DIASPORA = 15
WEIGHT_RESIDENCE = 10
WEIGHT_AVAILABILITY = 5

MATCH_MIN_SCORE = 35
MATCHES_PER_NEED = 200
# Measured at 100,000 members: 50 needs a batch as fast per need as 100, and faster than 25 or 200.
REMATCH_BATCH_NEEDS = 50
# Connections a full rematch (manage.py rematch) scores on at once: one per database core.
REMATCH_WORKERS = 2


def notify_min_score():
    """New matches at or above this score notify the member (organizations.new_match)."""
    return getattr(settings, "MATCH_NOTIFY_MIN_SCORE", 60)


# The score of one candidate pair, from the columns every selection below names alike.
_SCORE = f"""(
    CASE WHEN skill_total > 0 THEN ({WEIGHT_SKILLS} * shared) / skill_total ELSE 0 END
    + CASE WHEN way THEN {WEIGHT_WAY} ELSE 0 END
    + CASE WHEN speaks THEN {WEIGHT_LANGUAGE} ELSE 0 END
    + CASE WHEN origin <> '' THEN {WEIGHT_DIASPORA} ELSE 0 END
    + CASE WHEN residence <> '' THEN {WEIGHT_RESIDENCE} ELSE 0 END
    + CASE WHEN hours_expected IS NULL OR hours_expected = 0
           THEN CASE WHEN hours > 0 THEN {WEIGHT_AVAILABILITY} ELSE 0 END
           ELSE ({WEIGHT_AVAILABILITY} * least(hours, hours_expected)) / hours_expected
      END
)"""

# The same score as two parts for the needs' selection, from a need's row `s` (its scope) and a
# member's row `m` (their profile's columns): what the member's skills give, and all the rest.
_SKILL_POINTS = (
    f"(CASE WHEN s.skill_total > 0 THEN ({WEIGHT_SKILLS} * c.shared) / s.skill_total ELSE 0 END)"
)
_BONUS = f"""(
    CASE WHEN s.category = ANY(m.ways_to_help) THEN {WEIGHT_WAY} ELSE 0 END
    + CASE WHEN m.languages && s.languages THEN {WEIGHT_LANGUAGE} ELSE 0 END
    + CASE WHEN m.country_of_origin <> '' AND m.country_of_origin = ANY(s.venture_countries)
           THEN {WEIGHT_DIASPORA} ELSE 0 END
    + CASE WHEN NOT s.is_remote AND s.country <> '' AND m.country_of_residence = s.country
           THEN {WEIGHT_RESIDENCE} ELSE 0 END
    + CASE WHEN s.hours_expected IS NULL OR s.hours_expected = 0
           THEN CASE WHEN m.hours_per_month > 0 THEN {WEIGHT_AVAILABILITY} ELSE 0 END
           ELSE ({WEIGHT_AVAILABILITY} * least(m.hours_per_month, s.hours_expected))
                / s.hours_expected
      END
)"""

# Members never matched: hidden profiles, matching turned off (the partial index
# profile_matching holds exactly the others, with the columns scoring reads), and deactivated
# accounts, through the small partial index user_inactive rather than a users lookup per pair.
_MATCHABLE = """p.allow_matching AND p.visibility <> 'hidden' AND NOT p.is_hidden
      AND NOT EXISTS (SELECT 1 FROM members_user u WHERE u.id = p.user_id AND NOT u.is_active)"""

# A batch of needs. The needs' side of every pair (the open needs of the batch, their venture's
# countries, their skills, the members never matched with them: offers on the need, members of
# the posting organization) is read once into `scope`: one row per need, arrays included.
#
# Candidates come from {skill_candidates} (user_id, shared skills and the rest of the score, for
# the need `s`) and {members} (the profile's scoring columns of matchable members, for needs that
# list no skills, and the reasons): the live tables for a new need, or a snapshot of them in
# temporary tables for a full rematch (rematch_all), which reads every member's skills thousands
# of times and would otherwise look up a profile for every candidate pair.
#
# Each need's best MATCHES_PER_NEED are picked in a LATERAL of its own: a hash aggregate of a few
# thousand postings and a top-N heap sort, instead of one sort and window over the pairs of the
# whole batch (hundreds of thousands).
_NEEDS_SELECTION = """
scope AS MATERIALIZED (
    SELECT n.id AS need_id, n.category, n.languages, n.is_remote, n.country, n.hours_expected,
        string_to_array(v.countries, ',') AS venture_countries,
        ARRAY(SELECT x.tag_id FROM organizations_needskill x
              WHERE x.content_object_id = n.id) AS tag_ids,
        (SELECT count(*) FROM organizations_needskill x
         WHERE x.content_object_id = n.id)::int AS skill_total,
        ARRAY(SELECT o.member_id FROM {offer_table} o WHERE o.need_id = n.id
              UNION
              SELECT ms.user_id FROM organizations_membership ms
              WHERE ms.organization_id = v.organization_id) AS excluded
    FROM organizations_need n
    JOIN organizations_venture v ON v.id = n.venture_id
    WHERE n.id = ANY(%(need_ids)s) AND n.id IN ({open_needs})
),
kept AS (
    SELECT s.need_id, best.user_id, best.shared, best.score
    FROM scope s
    CROSS JOIN LATERAL (
        SELECT * FROM (
            SELECT c.user_id, c.shared, {skill_points} + c.bonus AS score
            FROM (
                -- Who shares a skill with the need.
                {skill_candidates}
                UNION ALL
                -- For a need that lists no skills, who offers its category as a way to help.
                SELECT m.user_id, 0, {bonus}
                FROM {members} m
                WHERE s.skill_total = 0 AND m.ways_to_help @> ARRAY[s.category]::varchar(20)[]
                  AND m.user_id <> ALL(s.excluded)
            ) c
        ) scored
        WHERE score >= %(min_score)s
        ORDER BY score DESC, user_id
        LIMIT %(per_need)s
    ) best
),
-- The components of the kept pairs' scores, for their reasons: read for these rows only.
reasons AS (
    SELECT k.need_id, k.user_id, k.score,
        jsonb_build_object(
            'skills', jsonb_build_array(k.shared, s.skill_total),
            'way', CASE WHEN s.category = ANY(m.ways_to_help) THEN s.category END,
            'languages', to_jsonb(ARRAY(
                SELECT DISTINCT lang FROM unnest(m.languages) lang
                WHERE lang = ANY(s.languages) ORDER BY lang)),
            'origin', CASE WHEN m.country_of_origin <> ''
                            AND m.country_of_origin = ANY(s.venture_countries)
                           THEN m.country_of_origin END,
            'residence', CASE WHEN NOT s.is_remote AND s.country <> ''
                               AND m.country_of_residence = s.country
                              THEN s.country END,
            'hours', jsonb_build_array(m.hours_per_month, s.hours_expected)
        ) AS reasons
    FROM kept k
    JOIN scope s ON s.need_id = k.need_id
    JOIN {members} m ON m.user_id = k.user_id
)
"""

# One member against every open need.
_MEMBER_SELECTION = """
candidates AS (
    SELECT ns.content_object_id AS need_id, ps.content_object_id AS user_id, count(*) AS shared
    FROM members_profileskill ps
    JOIN organizations_needskill ns ON ns.tag_id = ps.tag_id
    WHERE ps.content_object_id = %(user_id)s
    GROUP BY 1, 2
    UNION ALL
    SELECT n.id, p.user_id, 0
    FROM members_profile p
    -- Only narrows the candidates; which needs are open is decided in "scored" below.
    JOIN organizations_need n
      ON n.category = ANY(p.ways_to_help) AND n.status = 'open' AND NOT n.is_hidden
    WHERE p.user_id = %(user_id)s
      AND NOT EXISTS (SELECT 1 FROM organizations_needskill x WHERE x.content_object_id = n.id)
),
scored AS (
    SELECT
        c.need_id, c.user_id, c.shared::int AS shared, n.category,
        COALESCE(t.skill_total, 0)::int AS skill_total,
        n.category = ANY(p.ways_to_help) AS way,
        p.languages && n.languages AS speaks,
        CASE WHEN p.country_of_origin <> ''
              AND p.country_of_origin = ANY(string_to_array(v.countries, ','))
             THEN p.country_of_origin ELSE '' END AS origin,
        CASE WHEN NOT n.is_remote AND n.country <> '' AND p.country_of_residence = n.country
             THEN n.country ELSE '' END AS residence,
        p.hours_per_month AS hours, n.hours_expected
    FROM candidates c
    JOIN organizations_need n ON n.id = c.need_id AND n.id IN ({open_needs})
    JOIN organizations_venture v ON v.id = n.venture_id
    LEFT JOIN LATERAL (
        SELECT count(*) AS skill_total FROM organizations_needskill x
        WHERE x.content_object_id = c.need_id
    ) t ON true
    JOIN members_profile p ON p.user_id = c.user_id
    WHERE {matchable}
      AND NOT EXISTS (SELECT 1 FROM {offer_table} o
                      WHERE o.need_id = c.need_id AND o.member_id = c.user_id)
      AND NOT EXISTS (SELECT 1 FROM organizations_membership ms
                      WHERE ms.organization_id = v.organization_id AND ms.user_id = c.user_id)
),
valued AS MATERIALIZED (
    SELECT scored.*, {score} AS score FROM scored
),
-- Keep a pair if the need has room or the member beats its last kept member.
kept AS (
    SELECT valued.* FROM valued
    WHERE score >= %(min_score)s
      AND score > COALESCE((
          SELECT m2.score FROM organizations_match m2
          WHERE m2.need_id = valued.need_id AND m2.user_id <> %(user_id)s
          ORDER BY m2.score DESC OFFSET %(per_need_offset)s LIMIT 1
      ), -1)
),
-- The languages' arrays are read again for the kept pairs only.
reasons AS (
    SELECT kept.need_id, kept.user_id, kept.score,
        jsonb_build_object(
            'skills', jsonb_build_array(kept.shared, kept.skill_total),
            'way', CASE WHEN kept.way THEN kept.category END,
            'languages', to_jsonb(ARRAY(
                SELECT DISTINCT lang FROM unnest(p.languages) lang
                WHERE lang = ANY(n.languages) ORDER BY lang)),
            'origin', NULLIF(kept.origin, ''),
            'residence', NULLIF(kept.residence, ''),
            'hours', jsonb_build_array(kept.hours, kept.hours_expected)
        ) AS reasons
    FROM kept
    JOIN members_profile p ON p.user_id = kept.user_id
    JOIN organizations_need n ON n.id = kept.need_id
)
"""

# Either selection gives `kept`, the pairs to store, and `reasons`, the same with their score and
# its components.
_STATEMENT = """
WITH {selection},
upserted AS (
    INSERT INTO organizations_match
        (need_id, user_id, score, reasons, created_at, updated_at, notified_at,
         notified_immediately)
    SELECT reasons.need_id, reasons.user_id, reasons.score, reasons.reasons,
        now(), now(), NULL, false
    FROM reasons
    -- A pair whose score and reasons are unchanged is left as it is: no new row version, so
    -- running again (a full rematch over current matches) writes next to nothing.
    ON CONFLICT (need_id, user_id) DO UPDATE SET
        score = EXCLUDED.score,
        reasons = EXCLUDED.reasons,
        updated_at = EXCLUDED.updated_at
    WHERE organizations_match.score <> EXCLUDED.score
       OR organizations_match.reasons <> EXCLUDED.reasons
    RETURNING id, need_id, user_id, score, (xmax = 0) AS inserted
),
deleted AS (
    DELETE FROM organizations_match m
    WHERE {delete_scope}
      -- A hashed subplan: as an anti-join the planner may merge on need_id alone and compare
      -- every kept member of a need with every stored one (0.3 s a batch of 50 needs).
      AND (m.need_id, m.user_id) NOT IN (SELECT k.need_id, k.user_id FROM kept k)
    RETURNING 1
)
SELECT
    (SELECT count(*) FROM kept),
    (SELECT count(*) FROM upserted WHERE inserted),
    (SELECT count(*) FROM deleted),
    (SELECT COALESCE(json_agg(id), '[]'::json) FROM upserted
     WHERE inserted AND score >= %(notify_min)s)
"""


def _statement(*, selection, delete_scope):
    # {open_needs} is filled in at run time (open_needs_sql: today's date is a parameter), and
    # {skill_candidates} and {members} with the live tables or the snapshot of a full rematch.
    selection = selection.format(
        score=_SCORE,
        skill_points=_SKILL_POINTS,
        bonus=_BONUS,
        matchable=_MATCHABLE,
        offer_table=Offer._meta.db_table,
        open_needs="{open_needs}",
        skill_candidates="{skill_candidates}",
        members="{members}",
    )
    return _STATEMENT.format(selection=selection.strip(), delete_scope=delete_scope)


# What a need's candidates are read from: the scoring columns of matchable members, and who
# shares a skill with the need `s`.
_MATCHING_COLUMNS = (
    "p.user_id, p.ways_to_help, p.languages, p.country_of_origin, p.country_of_residence,"
    " p.hours_per_month"
)
LIVE_MEMBERS = f"(SELECT {_MATCHING_COLUMNS} FROM members_profile p WHERE {_MATCHABLE})"  # noqa: S608 (module constants only)
# Skills counted first, then one index-only lookup in profile_matching per member.
LIVE_SKILL_CANDIDATES = f"""SELECT m.user_id, sk.shared, {_BONUS} AS bonus
                FROM (
                    SELECT ps.content_object_id AS user_id, count(*)::int AS shared
                    FROM members_profileskill ps
                    WHERE ps.tag_id = ANY(s.tag_ids) AND ps.content_object_id <> ALL(s.excluded)
                    GROUP BY 1
                ) sk
                JOIN {LIVE_MEMBERS} m ON m.user_id = sk.user_id"""  # noqa: S608 (module constants only)
SNAPSHOT_MEMBERS = "pg_temp.matching_members"
# The snapshot's postings carry the scoring columns: no lookup at all. The rest of the score is
# the same on each of a member's postings: max() just carries it through the count.
SNAPSHOT_SKILL_CANDIDATES = f"""SELECT m.user_id, count(*)::int AS shared, max({_BONUS}) AS bonus
                FROM pg_temp.matching_postings m
                WHERE m.tag_id = ANY(s.tag_ids) AND m.user_id <> ALL(s.excluded)
                GROUP BY m.user_id"""  # noqa: S608 (module constants only)

_NEEDS_TEMPLATE = _statement(
    selection=_NEEDS_SELECTION, delete_scope="m.need_id = ANY(%(need_ids)s)"
)
NEEDS_STATEMENT = _NEEDS_TEMPLATE.replace("{skill_candidates}", LIVE_SKILL_CANDIDATES).replace(
    "{members}", LIVE_MEMBERS
)
# A full rematch's batches read the snapshot rematch_all takes (_snapshot).
NEEDS_SNAPSHOT_STATEMENT = _NEEDS_TEMPLATE.replace(
    "{skill_candidates}", SNAPSHOT_SKILL_CANDIDATES
).replace("{members}", SNAPSHOT_MEMBERS)
MEMBER_STATEMENT = _statement(selection=_MEMBER_SELECTION, delete_scope="m.user_id = %(user_id)s")


class MatchRun:
    """What one run changed: rows kept, new rows, rows deleted, new matches worth a notification."""

    def __init__(self, kept=0, created=0, deleted=0, to_notify=None):
        self.kept = kept
        self.created = created
        self.deleted = deleted
        self.to_notify = list(to_notify or [])

    def add(self, other):
        self.kept += other.kept
        self.created += other.created
        self.deleted += other.deleted
        self.to_notify += other.to_notify

    def __repr__(self):
        return f"MatchRun(kept={self.kept}, created={self.created}, deleted={self.deleted})"


def open_needs_sql():
    """Need.objects.open() as SQL with named parameters: the statements embed the board's
    definition of an open need (not hidden, open, not past its deadline) instead of a copy."""
    sql, values = Need.objects.open().order_by().values("pk").query.sql_with_params()
    pieces = sql.split("%s")
    if len(pieces) != len(values) + 1:  # a literal "%s" in the SQL would shift the parameters
        raise ValueError("unexpected placeholders in the open needs query")
    named = {f"open_need_{index}": value for index, value in enumerate(values)}
    text = pieces[0] + "".join(
        f"%(open_need_{index})s{piece}" for index, piece in enumerate(pieces[1:])
    )
    return text, named


# The planner cannot see how many members a need's skills have (an array read from `scope`) and
# guesses four times too many: it would then hash every matchable profile (92,000 rows at 100,000
# members) instead of looking up the 15,000 candidates in profile_matching, twice as slow.
_LOOKUPS_ONLY = ("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off")


def _run(sql, params, *, notify, session=()):
    open_sql, open_params = open_needs_sql()
    sql = sql.replace("{open_needs}", open_sql)
    params = {
        **open_params,
        "min_score": MATCH_MIN_SCORE,
        "per_need": MATCHES_PER_NEED,
        "per_need_offset": MATCHES_PER_NEED - 1,
        # An impossible score when not notifying, so the statement returns no ids.
        "notify_min": notify_min_score() if notify else 10_000,
        **params,
    }
    with connection.cursor() as cursor:
        # Batches rank a few hundred thousand candidate pairs: keep the sort and hashes in memory.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # The statement's cost estimate is high enough to trigger JIT compilation, which costs
        # ~0.8 s on this machine for a ~0.1 s query; these statements never gain from it.
        cursor.execute("SET LOCAL jit = off")
        for setting in session:
            cursor.execute(setting)
        cursor.execute(sql, params)
        kept, created, deleted, to_notify = cursor.fetchone()
    if isinstance(to_notify, str):
        to_notify = json.loads(to_notify)
    return MatchRun(kept, created, deleted, to_notify)


def _notify_new_matches(run, notify):
    """`notify`: True tells the members now, in this transaction; a function is handed the ids
    of the new matches worth telling instead (the tasks enqueue the telling as a task of its own);
    False asks the statement for none."""
    if run.to_notify:
        (notify if callable(notify) else match_notifications.notify_new_matches)(run.to_notify)


def match_needs(need_ids, *, notify=True, _statement=NEEDS_STATEMENT):
    """Score some needs against every member; a closed or hidden need loses all its matches."""
    need_ids = [int(pk) for pk in need_ids]
    if not need_ids:
        return MatchRun()
    session = _LOOKUPS_ONLY if _statement is NEEDS_STATEMENT else ()
    with transaction.atomic():
        run = _run(_statement, {"need_ids": need_ids}, notify=bool(notify), session=session)
        _notify_new_matches(run, notify)
    return run


def match_need(need_id, *, notify=True):
    """A need opened or changed."""
    return match_needs([need_id], notify=notify)


def match_member(user_id, *, notify=True):
    """A member's profile changed: score them against every open need."""
    with transaction.atomic():
        run = _run(MEMBER_STATEMENT, {"user_id": int(user_id)}, notify=bool(notify))
        _notify_new_matches(run, notify)
    return run


def open_need_ids():
    return list(Need.objects.open().order_by("id").values_list("id", flat=True))


_SNAPSHOT_SQL = [
    f"""CREATE TEMPORARY TABLE matching_members AS
        SELECT {_MATCHING_COLUMNS} FROM members_profile p WHERE {_MATCHABLE}""",  # noqa: S608 (module constants only)
    "ALTER TABLE pg_temp.matching_members ADD PRIMARY KEY (user_id)",
    # In tag order, so each need's candidates are a few adjacent pages.
    """CREATE TEMPORARY TABLE matching_postings AS
        SELECT ps.tag_id, m.* FROM members_profileskill ps
        JOIN pg_temp.matching_members m ON m.user_id = ps.content_object_id
        ORDER BY ps.tag_id, m.user_id""",
    "CREATE INDEX ON pg_temp.matching_postings (tag_id)",
    "ANALYZE pg_temp.matching_members",
    "ANALYZE pg_temp.matching_postings",
]


@contextmanager
def _snapshot():
    """The matchable members' scoring columns and skills, copied once for a full rematch.

    Every batch reads every member's skills: from the live tables each candidate pair costs a
    profile lookup (about 100 million of them at 100,000 members), from this copy a row of a
    small table already in order. Yields the time it was taken, for rematch_all's catch-up.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        taken_at = cursor.fetchone()[0]
        # The snapshot (about 30 MB at 100,000 members) in this session's memory rather than
        # read back through the default 8 MB. Only possible before the session's first temporary
        # table: otherwise the default stays.
        try:
            with transaction.atomic():
                cursor.execute("SET temp_buffers = '64MB'")
        except DatabaseError:
            pass
        for sql in _SNAPSHOT_SQL:
            cursor.execute(sql)
    try:
        yield taken_at
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS pg_temp.matching_postings, pg_temp.matching_members"
            )


def _rematch_batches(batches, *, notify, log, started, done, total_needs):
    """Score these batches of needs against a snapshot of this connection's own (temporary
    tables are per session). Returns what changed and when the snapshot was taken."""
    run = MatchRun()
    with _snapshot() as taken_at:
        for batch in batches:
            run.add(match_needs(batch, notify=notify, _statement=NEEDS_SNAPSHOT_STATEMENT))
            done.append(len(batch))
            if log:
                log(f"  needs {sum(done)}/{total_needs} ({time.monotonic() - started:.1f} s)")
    return run, taken_at


def _rematch_batches_in_thread(batches, **options):
    try:
        return _rematch_batches(batches, **options)
    finally:
        connection.close()  # this thread's own


def rematch_all(*, batch_size=REMATCH_BATCH_NEEDS, notify=False, log=None, workers=1):
    """Recompute every match, a batch of needs per statement so memory stays bounded.

    Matches of needs that are no longer open are deleted first. The batches score a snapshot of
    the members (_snapshot); members whose profile changed while they ran are matched again at
    the end, from their current profile. New matches notify nobody unless `notify` is set (a
    first full run would otherwise mail every member at once).

    `workers` > 1 scores the batches on that many connections at once, each from a snapshot of
    its own (the database does the work: one connection per core). Their connections cannot see
    an open transaction's rows, so this is refused inside one.
    """
    if workers > 1 and connection.in_atomic_block:
        raise ValueError("rematch_all(workers > 1) cannot run inside a transaction")
    started = time.monotonic()
    total = MatchRun()
    with transaction.atomic():
        closed = Match.objects.filter(
            ~Q(need__in=Need.objects.open()) | Q(user__profile__is_hidden=True)
        ).delete()[0]
    total.deleted += closed
    need_ids = open_need_ids()
    batches = [
        need_ids[start : start + batch_size] for start in range(0, len(need_ids), batch_size)
    ]
    options = {
        "notify": notify,
        "log": log,
        "started": started,
        "done": [],
        "total_needs": len(need_ids),
    }
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(
                pool.map(
                    lambda share: _rematch_batches_in_thread(share, **options),
                    [batches[worker::workers] for worker in range(workers)],
                )
            )
    else:
        runs = [_rematch_batches(batches, **options)]
    for run, _taken_at in runs:
        total.add(run)
    taken_at = min(taken_at for _run, taken_at in runs)
    # Profiles saved meanwhile were matched by their own task, maybe before a batch scored
    # their old copy: match them once more. Accounts deactivated meanwhile lose their matches.
    changed = Profile.objects.filter(updated_at__gte=taken_at).values_list("user_id", flat=True)
    for user_id in changed:
        total.add(match_member(user_id, notify=notify))
    with transaction.atomic():
        total.deleted += Match.objects.filter(user__is_active=False).delete()[0]
    # A first rematch writes millions of rows at once: without fresh statistics (autovacuum
    # analyses later, or never where it is off) the planner took a member's 1,270 matches for one
    # row, and their "needs for you" query 25 ms instead of 5.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Match._meta.db_table}")
    return total


# Rendering --------------------------------------------------------------------------------------

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)
# Spanish and Portuguese write language names in lower case mid-sentence ("habla portugués").
_LOWERCASE_LANGUAGE_NAMES = {"es", "pt"}
_CATEGORY_NAMES = {**dict(HelpKind.choices), **dict(NeedCategory.choices)}


def _join_names(names):
    names = [str(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def explain(reasons):
    """The reasons of a match as short phrases in the active language, strongest first.

    e.g. ["speaks Portuguese", "2 of 3 skills", "from Venezuela, where this venture works"].
    """
    reasons = reasons or {}
    phrases = []
    languages = reasons.get("languages") or []
    if languages:
        names = [str(_LANGUAGE_NAMES.get(code, code)) for code in languages]
        if (get_language() or "en")[:2] in _LOWERCASE_LANGUAGE_NAMES:
            names = [name.lower() for name in names]
        phrases.append(_("speaks %(languages)s") % {"languages": _join_names(names)})
    shared, total = (reasons.get("skills") or [0, 0])[:2]
    if total and shared:
        phrases.append(
            ngettext("%(shared)s of %(total)s skill", "%(shared)s of %(total)s skills", total)
            % {"shared": shared, "total": total}
        )
    if reasons.get("way"):
        phrases.append(
            _("offers %(way)s")
            % {"way": str(_CATEGORY_NAMES.get(reasons["way"], reasons["way"])).lower()}
        )
    if reasons.get("origin"):
        phrases.append(
            _("from %(country)s, where this venture works")
            % {"country": countries.name(reasons["origin"])}
        )
    if reasons.get("residence"):
        phrases.append(
            _("lives in %(country)s, where help is needed")
            % {"country": countries.name(reasons["residence"])}
        )
    hours, expected = (reasons.get("hours") or [0, None])[:2]
    if hours and expected and hours >= expected:
        phrases.append(
            ngettext("has %(hours)s hour a month", "has %(hours)s hours a month", hours)
            % {"hours": hours}
        )
    return phrases


def explain_text(reasons):
    return " · ".join(explain(reasons))


def invite_to_offer(*, match, invited_by):
    """A team invites a suggested member to offer help on the need; once per match.

    Returns True if this call sent the invitation, False if the member was already invited.
    """

    with transaction.atomic():
        invited = Match.objects.filter(pk=match.pk, invited_at__isnull=True).update(
            invited_at=timezone.now()
        )
        if invited:
            match.refresh_from_db(fields=["invited_at"])
            match_notifications.invited_to_offer(match, invited_by=invited_by)
    return bool(invited)
