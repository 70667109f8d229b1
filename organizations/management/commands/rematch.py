import time

from django.core.management.base import BaseCommand

from organizations import matching


class Command(BaseCommand):
    help = "Recompute every match between open needs and members, in batches of needs."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=matching.REMATCH_BATCH_NEEDS)
        parser.add_argument(
            "--notify", action="store_true", help="Notify members of new matches (off by default)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=matching.REMATCH_WORKERS,
            help="Database connections scoring batches at once (one per database core).",
        )

    def handle(self, *args, batch_size, notify, workers, verbosity, **options):
        started = time.monotonic()
        log = self.stdout.write if verbosity > 1 else None
        run = matching.rematch_all(batch_size=batch_size, notify=notify, log=log, workers=workers)
        self.stdout.write(
            f"Rematched in {time.monotonic() - started:.1f} s: {run.kept} matches kept, "
            f"{run.created} new, {run.deleted} deleted."
        )
