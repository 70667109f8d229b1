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

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from core.choices import SPOKEN_LANGUAGES, HelpKind
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

# Members never matched: hidden profiles, matching turned off (the partial index
# profile_matching holds exactly the others, with the columns scoring reads), and deactivated
# accounts, through the small partial index user_inactive rather than a users lookup per pair.
_MATCHABLE = """p.allow_matching AND p.visibility <> 'hidden' AND NOT p.is_hidden
      AND NOT EXISTS (SELECT 1 FROM members_user u WHERE u.id = p.user_id AND NOT u.is_active)"""

# A batch of needs. The needs' side of every pair (the open needs of the batch, their venture's
# countries and organization, their skill count) is read once into `scope`, the pairs never
# matched (offers on the needs, members of the posting organizations) into `excluded`: a few
# hundred rows the candidates hash-join, instead of looking up a need, a venture, an offer and a
# membership one candidate at a time.
_NEEDS_SELECTION = """
scope AS MATERIALIZED (
    SELECT n.id AS need_id, n.category, n.languages, n.is_remote, n.country, n.hours_expected,
        string_to_array(v.countries, ',') AS venture_countries, v.organization_id,
        (SELECT count(*) FROM organizations_needskill x
         WHERE x.content_object_id = n.id)::int AS skill_total
    FROM organizations_need n
    JOIN organizations_venture v ON v.id = n.venture_id
    WHERE n.id = ANY(%(need_ids)s) AND n.id IN ({open_needs})
),
excluded AS MATERIALIZED (
    SELECT o.need_id, o.member_id AS user_id
    FROM {offer_table} o WHERE o.need_id IN (SELECT need_id FROM scope)
    UNION
    SELECT s.need_id, ms.user_id
    FROM scope s JOIN organizations_membership ms ON ms.organization_id = s.organization_id
),
-- Each need's candidates counted on their own: a small hash per need, where one for the
-- whole batch would hold hundreds of thousands of pairs (three times slower).
candidates AS (
    SELECT s.need_id, c.user_id, c.shared::int AS shared
    FROM scope s
    CROSS JOIN LATERAL (
        -- Who shares a skill with the need; for a need that lists none, who offers its
        -- category as a way to help.
        SELECT ps.content_object_id AS user_id, count(*) AS shared
        FROM organizations_needskill ns
        JOIN members_profileskill ps ON ps.tag_id = ns.tag_id
        WHERE ns.content_object_id = s.need_id
        GROUP BY 1
        UNION ALL
        SELECT w.user_id, 0
        FROM members_profile w
        WHERE s.skill_total = 0 AND w.ways_to_help @> ARRAY[s.category]::varchar(20)[]
    ) c
),
-- Scored and cut at the minimum score before anything is kept in memory, narrow: the
-- languages' arrays are read again for the kept pairs only.
valued AS MATERIALIZED (
    SELECT * FROM (
        SELECT scored.*, {score} AS score FROM (
            SELECT c.need_id, c.user_id, c.shared, s.skill_total, s.category, s.hours_expected,
                s.category = ANY(p.ways_to_help) AS way,
                p.languages && s.languages AS speaks,
                CASE WHEN p.country_of_origin <> ''
                      AND p.country_of_origin = ANY(s.venture_countries)
                     THEN p.country_of_origin ELSE '' END AS origin,
                CASE WHEN NOT s.is_remote AND s.country <> ''
                      AND p.country_of_residence = s.country
                     THEN s.country ELSE '' END AS residence,
                p.hours_per_month AS hours
            FROM candidates c
            JOIN scope s ON s.need_id = c.need_id
            JOIN members_profile p ON p.user_id = c.user_id
            WHERE {matchable}
              AND NOT EXISTS (SELECT 1 FROM excluded e
                              WHERE e.need_id = c.need_id AND e.user_id = c.user_id)
        ) scored
    ) all_scores
    WHERE score >= %(min_score)s
),
-- Each need's best MATCHES_PER_NEED.
kept AS (
    SELECT * FROM (
        SELECT valued.*, row_number() OVER (
            PARTITION BY need_id ORDER BY score DESC, user_id
        ) AS rank
        FROM valued
    ) ranked WHERE rank <= %(per_need)s
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
)
"""

# Either selection gives `kept`: the pairs to store, with the components of their score. The
# languages' arrays are read again for the kept pairs only.
_STATEMENT = """
WITH {selection},
upserted AS (
    INSERT INTO organizations_match
        (need_id, user_id, score, reasons, created_at, updated_at, notified_at,
         notified_immediately)
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
        ),
        now(), now(), NULL, false
    FROM kept
    JOIN members_profile p ON p.user_id = kept.user_id
    JOIN organizations_need n ON n.id = kept.need_id
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
      AND NOT EXISTS (SELECT 1 FROM kept k WHERE k.need_id = m.need_id AND k.user_id = m.user_id)
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
    # {open_needs} is filled in at run time (open_needs_sql: today's date is a parameter).
    selection = selection.format(
        score=_SCORE,
        matchable=_MATCHABLE,
        offer_table=Offer._meta.db_table,
        open_needs="{open_needs}",
    )
    return _STATEMENT.format(selection=selection.strip(), delete_scope=delete_scope)


NEEDS_STATEMENT = _statement(
    selection=_NEEDS_SELECTION, delete_scope="m.need_id = ANY(%(need_ids)s)"
)
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


def _run(sql, params, *, notify):
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
        cursor.execute(sql, params)
        kept, created, deleted, to_notify = cursor.fetchone()
    if isinstance(to_notify, str):
        to_notify = json.loads(to_notify)
    return MatchRun(kept, created, deleted, to_notify)


def _notify_new_matches(run):
    if run.to_notify:
        match_notifications.notify_new_matches(run.to_notify)


def match_needs(need_ids, *, notify=True):
    """Score some needs against every member; a closed or hidden need loses all its matches."""
    need_ids = [int(pk) for pk in need_ids]
    if not need_ids:
        return MatchRun()
    with transaction.atomic():
        run = _run(NEEDS_STATEMENT, {"need_ids": need_ids}, notify=notify)
    _notify_new_matches(run)
    return run


def match_need(need_id, *, notify=True):
    """A need opened or changed."""
    return match_needs([need_id], notify=notify)


def match_member(user_id, *, notify=True):
    """A member's profile changed: score them against every open need."""
    with transaction.atomic():
        run = _run(MEMBER_STATEMENT, {"user_id": int(user_id)}, notify=notify)
    _notify_new_matches(run)
    return run


def open_need_ids():
    return list(Need.objects.open().order_by("id").values_list("id", flat=True))


def rematch_all(*, batch_size=REMATCH_BATCH_NEEDS, notify=False, log=None):
    """Recompute every match, a batch of needs per statement so memory stays bounded.

    Matches of needs that are no longer open are deleted first. New matches notify nobody unless
    `notify` is set (a first full run would otherwise mail every member at once).
    """
    started = time.monotonic()
    total = MatchRun()
    with transaction.atomic():
        closed = Match.objects.filter(
            ~Q(need__in=Need.objects.open()) | Q(user__profile__is_hidden=True)
        ).delete()[0]
    total.deleted += closed
    need_ids = open_need_ids()
    for start in range(0, len(need_ids), batch_size):
        batch = need_ids[start : start + batch_size]
        total.add(match_needs(batch, notify=notify))
        if log:
            log(
                f"  needs {start + len(batch)}/{len(need_ids)}: {total.kept} matches "
                f"({time.monotonic() - started:.1f} s)"
            )
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
