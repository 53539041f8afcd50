from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from config.commands import UnscopedCommand
from events.models import AuditLog


class Command(UnscopedCommand):
    help = "Delete audit_log entries older than AUDIT_LOG_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days=None, dry_run=False, **options) -> None:
        days = days if days is not None else settings.AUDIT_LOG_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        # Retention deletes are the one write to audit_log outside auditlog; they go in bulk
        # by design (an audit row for each deleted audit row would defeat the retention).
        old = AuditLog.objects.filter(timestamp__lt=cutoff)
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} audit entries older than {days} days ({cutoff:%Y-%m-%d})."
        )
