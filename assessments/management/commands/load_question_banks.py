from django.core.management.base import CommandError

from assessments.banks import bank_files, load_banks, read_bank
from assessments.models import AssessmentTemplate
from config.commands import UnscopedCommand
from scoring.engine import template_errors


class Command(UnscopedCommand):
    help = "Load the shipped question banks that are not in assessment_templates yet."

    def handle(self, *args, **options):
        for path in bank_files():
            bank = read_bank(path)
            errors = template_errors(bank["questions"], bank["rubric"])
            if errors:
                raise CommandError(f"{path.name}: " + "; ".join(errors))
        created = load_banks(AssessmentTemplate)
        if created:
            self.stdout.write("Loaded: " + ", ".join(created))
        else:
            self.stdout.write("Every shipped question bank is already loaded.")
