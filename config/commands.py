"""Base of our management commands: a command is an entry point, and ours run unscoped.

Our commands (seed_demo, load_question_banks, prune_audit_log) work across organisations by
design, so they say so: `UnscopedCommand.execute` runs `handle` inside `tenancy.unscoped()`.
Django's own commands are not ours; in `manage.py shell`, open a scope yourself
(`with tenancy.unscoped(): …` or `with tenancy.org_scope(org=…, user=…): …`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from config import tenancy


class UnscopedCommand(BaseCommand):
    def execute(self, *args, **options):
        with tenancy.unscoped():
            return super().execute(*args, **options)
