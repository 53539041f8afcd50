"""Load the shipped question banks (assessments/banks/*.json) as version v1 templates.

Idempotent: a (type, version) already in the table is left as it is (staff may have edited it).
Later bank versions are loaded by `manage.py load_question_banks`.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from assessments.banks import load_banks

    load_banks(apps.get_model("assessments", "AssessmentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_wizard_types_pulse_cadence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
