"""Fetch feed sources now: every due source, every enabled one (--all), or one (--source ID).
For operators and the demo; the beat sweep does the same every minute in the workers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from config.commands import UnscopedCommand
from intelligence import ingest
from intelligence.models import FeedSource


class Command(UnscopedCommand):
    help = "Fetch the due feed sources now (or all of them, or one by id)."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="the id of one source (fetched even if not due)")
        parser.add_argument("--all", action="store_true", help="every enabled source, due or not")

    def handle(self, *args, source=None, all=False, **options):
        if source:
            try:
                exists = FeedSource.objects.filter(pk=source).exists()
            except ValidationError as exc:
                raise CommandError(f"Not a source id: {source}") from exc
            if not exists:
                raise CommandError(f"No feed source {source}.")
            outcomes = [ingest.feed_source_fetch_unscoped(source_id=source, force=True)]
        elif all:
            ids = FeedSource.objects.filter(enabled=True).values_list("pk", flat=True)
            outcomes = [ingest.feed_source_fetch_unscoped(source_id=pk, force=True) for pk in ids]
        else:
            outcomes = ingest.fetch_due_unscoped()
        for outcome in outcomes:
            line = f"{outcome.source_id}: {outcome.status}, {outcome.new} new"
            if outcome.error:
                line += f" ({outcome.error})"
            self.stdout.write(line)
        self.stdout.write(f"{len(outcomes)} source(s) fetched.")
