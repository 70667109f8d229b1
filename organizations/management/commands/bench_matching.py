"""Time matching on the large data set: a full rematch and the two incremental paths.

    python manage.py bench_matching --generate          # top up to 100,000 members, 20,000 needs
    python manage.py bench_matching --runs 9 --explain  # medians of 9 runs, and the query plans

The incremental runs roll back, so the benchmark leaves the data as it found it (apart from the
full rematch, which is what `rematch` would have done anyway).
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from members.models import Profile
from organizations import demo_matching, matching
from organizations.models import Match, Need


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark matching: full rematch, one new need, one changed profile (medians)."

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="Top up benchmark data.")
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--needs", type=int, default=20_000, help="Open needs wanted.")
        parser.add_argument("--runs", type=int, default=7, help="Incremental runs per path.")
        parser.add_argument("--skip-full", action="store_true", help="Skip the full rematch.")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE both paths.")
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        if options["generate"]:
            started = time.monotonic()
            demo_matching.generate(
                members=options["members"], open_needs=options["needs"], log=self.stdout.write
            )
            self.stdout.write(f"Generated in {time.monotonic() - started:.1f} s")
        self.stdout.write(
            f"Data: {Profile.objects.count()} members, {Need.objects.open().count()} open needs"
        )
        if not options["skip_full"]:
            started = time.monotonic()
            run = matching.rematch_all(notify=False)
            self.stdout.write(
                f"Full rematch: {time.monotonic() - started:.2f} s ({run.kept} matches kept, "
                f"{run.created} new, {run.deleted} deleted)"
            )
        self.stdout.write(f"Matches stored: {Match.objects.count()}")

        new_need_times = [self._time_new_need(rng) for _run in range(options["runs"])]
        profile_times = [self._time_changed_profile(rng) for _run in range(options["runs"])]
        self._report("One new need (match_need)", new_need_times)
        self._report("One changed profile (match_member)", profile_times)
        if options["explain"]:
            self._explain(rng)

    def _report(self, label, times):
        times_ms = [seconds * 1000 for seconds in times]
        self.stdout.write(
            f"{label}: median {statistics.median(times_ms):.1f} ms "
            f"(min {min(times_ms):.1f}, max {max(times_ms):.1f}, n={len(times_ms)})"
        )

    def _new_need(self, cursor, rng):
        """Insert an open need with 1-3 skills, in SQL so no signal fires."""
        cursor.execute(
            """
            INSERT INTO organizations_need (title, description, category, languages, is_remote,
                country, city, hours_expected, status, is_hidden, hidden_reason, created_at,
                updated_at, language, translations_text, venture_id)
            SELECT 'Bench probe', '', %s, ARRAY['es','en']::varchar(2)[], %s, 'VE', '', 10,
                   'open', false, '', now(), now(), 'es', '', (SELECT id FROM organizations_venture
                                                 ORDER BY id OFFSET %s LIMIT 1)
            RETURNING id
            """,
            [
                rng.choice(["mentoring", "technical", "funding", "training"]),
                rng.random() < 0.7,
                rng.randrange(max(1, self._venture_count(cursor))),
            ],
        )
        need_id = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO organizations_needskill (content_object_id, tag_id)
            SELECT %s, id FROM members_skill ORDER BY random() LIMIT %s
            """,
            [need_id, rng.randint(1, 3)],
        )
        return need_id

    def _venture_count(self, cursor):
        cursor.execute("SELECT count(*) FROM organizations_venture")
        return cursor.fetchone()[0]

    def _time_new_need(self, rng):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                need_id = self._new_need(cursor, rng)
                started = time.perf_counter()
                matching.match_need(need_id, notify=False)
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            return elapsed

    def _changed_profile(self, cursor, rng):
        cursor.execute(
            "SELECT user_id FROM members_profile WHERE allow_matching "
            "AND visibility <> 'hidden' OFFSET %s LIMIT 1",
            [rng.randrange(max(1, Profile.objects.count() // 2))],
        )
        user_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE members_profile SET hours_per_month = %s, languages = %s::varchar(2)[] "
            "WHERE user_id = %s",
            [
                rng.choice([5, 10, 20, 40]),
                rng.choice([["es"], ["es", "pt"], ["pt", "en"]]),
                user_id,
            ],
        )
        cursor.execute(
            "INSERT INTO members_profileskill (content_object_id, tag_id) "
            "SELECT %s, id FROM members_skill ORDER BY random() LIMIT 1 ON CONFLICT DO NOTHING",
            [user_id],
        )
        return user_id

    def _time_changed_profile(self, rng):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                user_id = self._changed_profile(cursor, rng)
                started = time.perf_counter()
                matching.match_member(user_id, notify=False)
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            return elapsed

    def _explain(self, rng):
        base = {
            "min_score": matching.MATCH_MIN_SCORE,
            "per_need": matching.MATCHES_PER_NEED,
            "per_need_offset": matching.MATCHES_PER_NEED - 1,
            "notify_min": 10_000,
        }
        for label, prepare, sql, key in [
            ("match_need", self._new_need, matching.NEEDS_STATEMENT, "need_ids"),
            ("match_member", self._changed_profile, matching.MEMBER_STATEMENT, "user_id"),
        ]:
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    subject = prepare(cursor, rng)
                    params = {**base, key: [subject] if key == "need_ids" else subject}
                    # The same session settings matching._run uses.
                    cursor.execute("SET LOCAL work_mem = '64MB'")
                    cursor.execute("SET LOCAL jit = off")
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    self.stdout.write(f"\nEXPLAIN ANALYZE {label}:")
                    for (line,) in cursor.fetchall():
                        self.stdout.write(line)
                    raise Rollback
            except Rollback:
                pass
