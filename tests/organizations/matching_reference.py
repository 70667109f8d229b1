"""Matching as it was before it was made faster (commit 9bc160d), frozen: the reference that
tests/organizations/test_matching_identical.py compares today's matching with. Who is matched,
their scores, reasons and notifications must not change when the statements or their Python do.

Do not edit to follow matching.py: a change of behaviour belongs in matching.py, its tests, and
then here, on purpose.
"""

import json
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from notifications.models import Notification
from organizations.match_notifications import (
    KIND_NEW_MATCH,
    KIND_NEW_MATCH_DIGEST,
    _send,
    emails_per_week,
)
from organizations.matching import MatchRun, notify_min_score
from organizations.models import Match, Need, Offer

WEIGHT_SKILLS = 40
WEIGHT_WAY = 15
WEIGHT_LANGUAGE = 15
WEIGHT_DIASPORA = 15
WEIGHT_RESIDENCE = 10
WEIGHT_AVAILABILITY = 5

MATCH_MIN_SCORE = 35
MATCHES_PER_NEED = 200


_PRELUDE_FOR_NEEDS = """
need_totals AS MATERIALIZED (
    SELECT content_object_id AS need_id, count(*) AS skill_total
    FROM organizations_needskill WHERE content_object_id = ANY(%(need_ids)s) GROUP BY 1
),
"""

_CANDIDATES_FOR_NEEDS = """
    SELECT ns.content_object_id AS need_id, ps.content_object_id AS user_id, count(*) AS shared
    FROM organizations_needskill ns
    JOIN members_profileskill ps ON ps.tag_id = ns.tag_id
    WHERE ns.content_object_id = ANY(%(need_ids)s)
    GROUP BY 1, 2
    UNION ALL
    SELECT n.id, p.user_id, 0
    FROM organizations_need n
    JOIN members_profile p ON p.ways_to_help @> ARRAY[n.category]::varchar(20)[]
    WHERE n.id = ANY(%(need_ids)s)
      AND NOT EXISTS (SELECT 1 FROM organizations_needskill x WHERE x.content_object_id = n.id)
"""

_TOTALS_FOR_NEEDS = "LEFT JOIN need_totals t ON t.need_id = c.need_id"

_CANDIDATES_FOR_MEMBER = """
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
"""

_TOTALS_FOR_MEMBER = """LEFT JOIN LATERAL (
        SELECT count(*) AS skill_total FROM organizations_needskill x
        WHERE x.content_object_id = c.need_id
    ) t ON true"""

# For a need scope, rank within the need and keep the best MATCHES_PER_NEED.
_KEEP_FOR_NEEDS = """
    SELECT * FROM (
        SELECT valued.*, row_number() OVER (
            PARTITION BY need_id ORDER BY score DESC, user_id
        ) AS rank
        FROM valued WHERE score >= %(min_score)s
    ) ranked WHERE rank <= %(per_need)s
"""

# For one member, keep a pair if the need has room or the member beats its last kept member.
_KEEP_FOR_MEMBER = """
    SELECT valued.* FROM valued
    WHERE score >= %(min_score)s
      AND score > COALESCE((
          SELECT m2.score FROM organizations_match m2
          WHERE m2.need_id = valued.need_id AND m2.user_id <> %(user_id)s
          ORDER BY m2.score DESC OFFSET %(per_need_offset)s LIMIT 1
      ), -1)
"""

_STATEMENT = """
WITH {prelude}
candidates AS ({candidates}),
scored AS (
    SELECT
        c.need_id, c.user_id, c.shared::int AS shared, n.category,
        COALESCE(t.skill_total, 0)::int AS skill_total,
        n.category = ANY(p.ways_to_help) AS way,
        p.languages AS member_languages, n.languages AS need_languages,
        p.languages && n.languages AS speaks,
        CASE WHEN p.country_of_origin <> ''
              AND p.country_of_origin = ANY(string_to_array(v.countries, ','))
             THEN p.country_of_origin ELSE '' END AS origin,
        CASE WHEN NOT n.is_remote AND n.country <> '' AND p.country_of_residence = n.country
             THEN n.country ELSE '' END AS residence,
        p.hours_per_month AS hours, n.hours_expected
    FROM candidates c
    JOIN organizations_need n ON n.id = c.need_id AND n.id IN ({{open_needs}})
    JOIN organizations_venture v ON v.id = n.venture_id
    {totals_join}
    JOIN members_profile p ON p.user_id = c.user_id
    WHERE p.allow_matching AND p.visibility <> 'hidden' AND NOT p.is_hidden
      -- Deactivated accounts through the small partial index user_inactive, rather than a
      -- lookup in the users table for every candidate.
      AND NOT EXISTS (SELECT 1 FROM members_user u WHERE u.id = p.user_id AND NOT u.is_active)
      AND NOT EXISTS (SELECT 1 FROM {offer_table} o
                      WHERE o.need_id = c.need_id AND o.member_id = c.user_id)
      AND NOT EXISTS (SELECT 1 FROM organizations_membership ms
                      WHERE ms.organization_id = v.organization_id AND ms.user_id = c.user_id)
),
valued AS MATERIALIZED (
    SELECT scored.*, (
        CASE WHEN skill_total > 0 THEN ({w_skills} * shared) / skill_total ELSE 0 END
        + CASE WHEN way THEN {w_way} ELSE 0 END
        + CASE WHEN speaks THEN {w_language} ELSE 0 END
        + CASE WHEN origin <> '' THEN {w_diaspora} ELSE 0 END
        + CASE WHEN residence <> '' THEN {w_residence} ELSE 0 END
        + CASE WHEN hours_expected IS NULL OR hours_expected = 0
               THEN CASE WHEN hours > 0 THEN {w_availability} ELSE 0 END
               ELSE ({w_availability} * least(hours, hours_expected)) / hours_expected
          END
    ) AS score
    FROM scored
),
kept AS ({keep}),
upserted AS (
    INSERT INTO organizations_match
        (need_id, user_id, score, reasons, created_at, updated_at, notified_at,
         notified_immediately)
    SELECT need_id, user_id, score,
        jsonb_build_object(
            'skills', jsonb_build_array(shared, skill_total),
            'way', CASE WHEN way THEN category END,
            'languages', to_jsonb(ARRAY(
                SELECT DISTINCT lang FROM unnest(member_languages) lang
                WHERE lang = ANY(need_languages) ORDER BY lang)),
            'origin', NULLIF(origin, ''),
            'residence', NULLIF(residence, ''),
            'hours', jsonb_build_array(hours, hours_expected)
        ),
        now(), now(), NULL, false
    FROM kept
    ON CONFLICT (need_id, user_id) DO UPDATE SET
        score = EXCLUDED.score,
        reasons = EXCLUDED.reasons,
        updated_at = CASE
            WHEN organizations_match.score = EXCLUDED.score
             AND organizations_match.reasons = EXCLUDED.reasons
            THEN organizations_match.updated_at ELSE EXCLUDED.updated_at END
    RETURNING id, need_id, user_id, score, (xmax = 0) AS inserted
),
deleted AS (
    DELETE FROM organizations_match m
    WHERE {delete_scope}
      AND NOT EXISTS (SELECT 1 FROM upserted u WHERE u.id = m.id)
    RETURNING 1
)
SELECT
    (SELECT count(*) FROM upserted),
    (SELECT count(*) FROM upserted WHERE inserted),
    (SELECT count(*) FROM deleted),
    (SELECT COALESCE(json_agg(id), '[]'::json) FROM upserted
     WHERE inserted AND score >= %(notify_min)s)
"""


def _statement(*, prelude, candidates, totals_join, keep, delete_scope):
    return _STATEMENT.format(
        prelude=prelude,
        candidates=candidates,
        totals_join=totals_join,
        keep=keep,
        delete_scope=delete_scope,
        offer_table=Offer._meta.db_table,
        w_skills=WEIGHT_SKILLS,
        w_way=WEIGHT_WAY,
        w_language=WEIGHT_LANGUAGE,
        w_diaspora=WEIGHT_DIASPORA,
        w_residence=WEIGHT_RESIDENCE,
        w_availability=WEIGHT_AVAILABILITY,
    )


NEEDS_STATEMENT = _statement(
    prelude=_PRELUDE_FOR_NEEDS,
    candidates=_CANDIDATES_FOR_NEEDS,
    totals_join=_TOTALS_FOR_NEEDS,
    keep=_KEEP_FOR_NEEDS,
    delete_scope="m.need_id = ANY(%(need_ids)s)",
)
MEMBER_STATEMENT = _statement(
    prelude="",
    candidates=_CANDIDATES_FOR_MEMBER,
    totals_join=_TOTALS_FOR_MEMBER,
    keep=_KEEP_FOR_MEMBER,
    delete_scope="m.user_id = %(user_id)s",
)


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


def _run(sql, params, *, notify, per_need=MATCHES_PER_NEED):
    open_sql, open_params = open_needs_sql()
    sql = sql.replace("{open_needs}", open_sql)
    params = {
        **open_params,
        "min_score": MATCH_MIN_SCORE,
        "per_need": per_need,
        "per_need_offset": per_need - 1,
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


def match_needs(need_ids, *, notify=True, per_need=MATCHES_PER_NEED):
    need_ids = [int(pk) for pk in need_ids]
    if not need_ids:
        return MatchRun()
    with transaction.atomic():
        run = _run(NEEDS_STATEMENT, {"need_ids": need_ids}, notify=notify, per_need=per_need)
    if run.to_notify:
        notify_new_matches(run.to_notify)
    return run


def match_member(user_id, *, notify=True, per_need=MATCHES_PER_NEED):
    with transaction.atomic():
        run = _run(MEMBER_STATEMENT, {"user_id": int(user_id)}, notify=notify, per_need=per_need)
    if run.to_notify:
        notify_new_matches(run.to_notify)
    return run


def rematch_all(*, batch_size=50, notify=False, per_need=MATCHES_PER_NEED):
    from django.db.models import Q  # noqa: PLC0415 - kept as the original's body

    total = MatchRun()
    with transaction.atomic():
        closed = Match.objects.filter(
            ~Q(need__in=Need.objects.open()) | Q(user__profile__is_hidden=True)
        ).delete()[0]
    total.deleted += closed
    need_ids = list(Need.objects.open().order_by("id").values_list("id", flat=True))
    for start in range(0, len(need_ids), batch_size):
        total.add(
            match_needs(need_ids[start : start + batch_size], notify=notify, per_need=per_need)
        )
    return total


def notify_new_matches(match_ids):
    """Notify each member of their new matches, best first, capped per week. Safe to run twice:
    a match is notified once (notified_at), and the pipeline dedupes on the same key."""
    now = timezone.now()
    matches = list(
        Match.objects.filter(pk__in=match_ids, notified_at__isnull=True)
        .select_related("user", "need__venture")
        .order_by("user_id", "-score")
    )
    if not matches:
        return 0
    user_ids = {match.user_id for match in matches}
    # The cap counts the notifications themselves: Match rows vanish (an offer on the need, the
    # need closing, a profile change), and an email sent stays sent.
    emailed = dict(
        Notification.objects.filter(
            recipient_id__in=user_ids,
            kind=KIND_NEW_MATCH,
            created_at__gte=now - timedelta(days=7),
        )
        .values("recipient_id")
        .annotate(count=Count("pk"))
        .values_list("recipient_id", "count")
    )
    cap = emails_per_week()
    for match in matches:
        immediate = emailed.get(match.user_id, 0) < cap
        claimed = Match.objects.filter(pk=match.pk, notified_at__isnull=True).update(
            notified_at=now, notified_immediately=immediate
        )
        if not claimed:
            continue
        if immediate:
            emailed[match.user_id] = emailed.get(match.user_id, 0) + 1
        _send(
            recipient=match.user,
            kind=KIND_NEW_MATCH if immediate else KIND_NEW_MATCH_DIGEST,
            target=match.need,
            # "title" is what the inbox shows next to the kind's label.
            data={"title": match.need.title, "score": match.score, "reasons": match.reasons},
            dedupe_key=f"new_match:{match.need_id}:{match.user_id}",
        )
    return len(matches)
