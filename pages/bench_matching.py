"""What `make bench` measures of matching, in process, against a database floor in the same run.

- one new need matched, as the task after a need is posted does it (the new matches worth telling
  handed to a task of their own), that task (one need's new matches told), both in one
  transaction, and one changed profile re-matched;
- optionally (`manage.py bench --matching-only --rematch`) a full rematch, which takes minutes.

A new need is a fixed, seeded set of probes (1 to 3 skills, a venture, remote or not) inserted
in a transaction that is rolled back, so the data set is unchanged. Every figure is the median
of its runs and a ratio to the floor: a fixed SQL workload (a hash aggregate of 100,000 rows, no
table) timed in between, because the machine is shared and noisy.
"""

import random
import statistics
import time

from django.db import connection, transaction

from organizations import match_notifications, matching

FLOOR_SQL = (
    "SELECT count(*) FROM (SELECT n % 5000 FROM generate_series(1, 100000) AS n GROUP BY 1) g"
)
PROBE_CATEGORIES = ["mentoring", "technical", "funding", "training"]


class _Rollback(Exception):
    pass


def _floor_ms():
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(FLOOR_SQL)
        cursor.fetchone()
    return (time.perf_counter() - started) * 1000


def _probe_need(cursor, rng, skill_ids, venture_ids):
    """An open need like the ones members post, in SQL so no signal fires."""
    cursor.execute(
        """
        INSERT INTO organizations_need (title, description, category, languages, is_remote,
            country, city, hours_expected, status, is_hidden, hidden_reason, created_at,
            updated_at, language, translations_text, venture_id)
        VALUES ('Bench probe', '', %s, ARRAY['es','en']::varchar(2)[], %s, 'VE', '', 10,
                'open', false, '', now(), now(), 'es', '', %s)
        RETURNING id
        """,
        [rng.choice(PROBE_CATEGORIES), rng.random() < 0.7, rng.choice(venture_ids)],
    )
    need_id = cursor.fetchone()[0]
    for tag_id in rng.sample(skill_ids, min(len(skill_ids), rng.randint(1, 3))):
        cursor.execute(
            "INSERT INTO organizations_needskill (content_object_id, tag_id) VALUES (%s, %s)",
            [need_id, tag_id],
        )
    return need_id


def _timed_rolled_back(prepare, run):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            subject = prepare(cursor)
            started = time.perf_counter()
            run(subject)
            elapsed = (time.perf_counter() - started) * 1000
            raise _Rollback
    except _Rollback:
        return elapsed


def _summary(times, floors):
    median = statistics.median(times)
    floor = statistics.median(floors)
    return {
        "median_ms": round(median, 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "runs": len(times),
        "x_db_floor": round(median / floor, 1) if floor else None,
    }


def timings(log, *, runs=9, rematch=False, seed=2020):
    """Median timings of the matching paths and their ratio to the database floor."""
    with connection.cursor() as cursor:
        # Skills members have: a probe on a skill nobody lists matches nobody and times nothing.
        cursor.execute(
            "SELECT DISTINCT tag_id FROM members_profileskill ORDER BY tag_id LIMIT 1000"
        )
        skill_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM organizations_venture ORDER BY id LIMIT 5000")
        venture_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT user_id FROM members_profile WHERE allow_matching AND visibility <> 'hidden'"
            " AND NOT is_hidden ORDER BY user_id LIMIT 5000"
        )
        member_ids = [row[0] for row in cursor.fetchall()]
    if not (skill_ids and venture_ids and member_ids):
        return {}
    floors = [_floor_ms() for _run in range(3)]
    results = {}

    def new_need(rng):
        return lambda cursor: _probe_need(cursor, rng, skill_ids, venture_ids)

    def matched_need(rng):
        """A new need matched, its new matches not yet told: what the telling task is handed."""

        def prepare(cursor):
            handed = []
            matching.match_need(
                _probe_need(cursor, rng, skill_ids, venture_ids), notify=handed.extend
            )
            return handed

        return prepare

    paths = {
        # As organizations.tasks.match_need runs after a need is posted: scored and stored, the
        # new matches worth telling handed to a task of their own (enqueued on commit).
        "match_new_need": (
            new_need,
            lambda need_id: matching.match_need(need_id, notify=lambda ids: None),
        ),
        # That task: the members of one new need's matches told (up to MATCHES_PER_NEED).
        "notify_new_need_matches": (
            matched_need,
            match_notifications.notify_new_matches,
        ),
        # Both in one transaction, as matching.match_need(notify=True) does.
        "match_new_need_and_notify": (
            new_need,
            lambda need_id: matching.match_need(need_id, notify=True),
        ),
        "match_changed_profile": (
            lambda rng: lambda cursor: rng.choice(member_ids),
            lambda user_id: matching.match_member(user_id, notify=lambda ids: None),
        ),
    }
    for name, (prepare, run) in paths.items():
        rng = random.Random(seed)
        _timed_rolled_back(prepare(rng), run)  # warm-up: caches, plans
        times = []
        for _run in range(runs):
            times.append(_timed_rolled_back(prepare(rng), run))
            floors.append(_floor_ms())
        results[name] = _summary(times, floors)
        log(f"  timed {name}")
    if rematch:
        started = time.perf_counter()
        # As `manage.py rematch` runs it: two connections (this machine's two cores).
        run = matching.rematch_all(notify=False, workers=matching.REMATCH_WORKERS)
        results["full_rematch"] = {
            "seconds": round(time.perf_counter() - started, 1),
            "workers": matching.REMATCH_WORKERS,
            "open_needs": len(matching.open_need_ids()),
            "kept": run.kept,
            "created": run.created,
            "deleted": run.deleted,
        }
        floors.append(_floor_ms())
        log("  timed a full rematch")
    results["db_floor_ms"] = round(statistics.median(floors), 1)
    return results


def report_lines(results, *, page_floor_ms=None):
    lines = [f"matching (db floor {results.get('db_floor_ms')} ms: {FLOOR_SQL})"]
    for name, value in results.items():
        if not isinstance(value, dict):
            continue
        if "median_ms" in value:
            line = (
                f"  {name:<26} median {value['median_ms']:>7.1f} ms  "
                f"(min {value['min_ms']}, max {value['max_ms']}, n={value['runs']})  "
                f"x db floor {value['x_db_floor']}"
            )
            if page_floor_ms:
                line += f"  x page floor {value['median_ms'] / page_floor_ms:.1f}"
            lines.append(line)
        else:
            lines.append(f"  {name}: {value}")
    return lines
