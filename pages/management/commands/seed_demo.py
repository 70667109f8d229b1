"""Fill an empty database with realistic, fictional demo data.

Each app contributes its own objects through `<app>.demo.seed(context)`, lowest layer first, so the
command grows as the apps do; matching runs last, over everything. `--scale large` is the data set
the benchmarks run on. Every demo account has the published password, so production refuses.
"""

import importlib
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from members.models import User

SCALES = {
    # members, organizations, ventures, needs, events, registrations, notifications
    "small": {
        "members": 200,
        "organizations": 30,
        "ventures": 60,
        "needs": 150,
        "events": 40,
        "registrations": 400,
        "notifications": 800,
    },
    "large": {
        "members": 100_000,
        "organizations": 10_000,
        "ventures": 20_000,
        "needs": 30_000,
        "events": 3_000,
        "registrations": 300_000,
        "notifications": 500_000,
    },
    "huge": {
        "members": 1_000_000,
        "organizations": 10_000,
        "ventures": 20_000,
        "needs": 30_000,
        "events": 3_000,
        "registrations": 300_000,
        "notifications": 500_000,
    },
}
SEED_MODULES = [
    "members.demo",
    "notifications.demo",
    "organizations.demo",
    "campaigns.demo",
    "events.demo",
    "pages.demo_pictures",
    "organizations.demo_matching",
    "organizations.demo_outcomes",
]


class SeedContext:
    """What every app's seeder reads: the sizes wanted, a seeded random source, and a logger."""

    def __init__(self, sizes, rng, log):
        self.sizes = sizes
        self.rng = rng
        self.log = log


def seed_all(sizes: dict, rng: random.Random, log) -> None:
    """Every installed app's seeder, lowest layer first, then fresh planner statistics."""
    context = SeedContext(sizes, rng, log)
    for module_name in SEED_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module_started = time.monotonic()
        module.seed(context)
        log(f"  {module_name}: {time.monotonic() - module_started:.1f}s")
    # Planner statistics for every table just filled: without them the first page views plan
    # for empty tables (nested loops over thousands of rows) until autovacuum gets round to it.
    # VACUUM as well where it can run (outside a transaction): the visibility map it sets is what
    # makes index-only scans (profile_matching, the directory's indexes) skip the table; a server
    # without autovacuum, or before it comes round, would otherwise fetch every row's page.
    analyze_started = time.monotonic()
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    log(f"  {statement}: {time.monotonic() - analyze_started:.1f}s")


class Command(BaseCommand):
    help = (
        "Load fictional Latin American diaspora demo data (members, organizations, campaigns...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--members", type=int, help="Number of members (overrides the scale).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if members exist.")
        parser.add_argument(
            "--seed", type=int, default=2020, help="Random seed, for repeatable data."
        )

    def handle(self, *args, scale, members, if_empty, seed, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run in production (DIASPORA_ENV=production): every demo "
                "account, a superuser among them, signs in with the password published in the "
                "README."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        sizes = dict(SCALES[scale])
        if members:
            sizes["members"] = members
        started = time.monotonic()
        seed_all(sizes, random.Random(seed), lambda text: self.stdout.write(text))
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f}s")
        )
