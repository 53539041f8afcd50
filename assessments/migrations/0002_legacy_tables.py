"""Legacy growth assessment tables (seed §3.3, §12.8) and the archive trigger."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models

from config.pg import create_table_if_absent, updated_at_trigger

GROWTH_ASSESSMENT = """
CREATE TABLE IF NOT EXISTS growth_assessment (
    u_id uuid PRIMARY KEY
        CONSTRAINT growth_assessment_u_id_fkey REFERENCES growth_users (u_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    obstacles text,
    strategy text,
    process text,
    customers text,
    technology text,
    submittedat timestamp with time zone,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    updated_at timestamp with time zone NOT NULL DEFAULT now()
);
"""

GROWTH_ASSESSMENT_HISTORY = """
CREATE TABLE IF NOT EXISTS growth_assessment_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    u_id uuid NOT NULL,
    obstacles text,
    strategy text,
    process text,
    customers text,
    technology text,
    submittedat timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    operation text NOT NULL,
    archived_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT growth_assessment_history_operation_check CHECK (operation IN ('UPDATE', 'DELETE'))
);
CREATE INDEX IF NOT EXISTS growth_assessment_history_u_id_idx
    ON growth_assessment_history (u_id);
"""

# The previous version of the row is archived on every change, whoever writes it.
ARCHIVE_TRIGGER = """
CREATE OR REPLACE FUNCTION growth_assessment_archive() RETURNS trigger AS $$
BEGIN
    INSERT INTO growth_assessment_history (
        u_id, obstacles, strategy, process, customers, technology,
        submittedat, created_at, updated_at, operation
    ) VALUES (
        OLD.u_id, OLD.obstacles, OLD.strategy, OLD.process, OLD.customers, OLD.technology,
        OLD.submittedat, OLD.created_at, OLD.updated_at, TG_OP
    );
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS growth_assessment_archive ON growth_assessment;
CREATE TRIGGER growth_assessment_archive AFTER UPDATE OR DELETE ON growth_assessment
    FOR EACH ROW EXECUTE FUNCTION growth_assessment_archive();
"""

DROP_ARCHIVE_TRIGGER = """
DROP TRIGGER IF EXISTS growth_assessment_archive ON growth_assessment;
DROP FUNCTION IF EXISTS growth_assessment_archive();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_legacy_tables'),
        ('assessments', '0001_initial'),
    ]

    operations = [
        create_table_if_absent("growth_assessment", GROWTH_ASSESSMENT),
        create_table_if_absent("growth_assessment_history", GROWTH_ASSESSMENT_HISTORY),
        updated_at_trigger("growth_assessment"),
        migrations.RunSQL(ARCHIVE_TRIGGER, DROP_ARCHIVE_TRIGGER),
        migrations.CreateModel(
            name='GrowthAssessment',
            fields=[
                ('growth_user', models.OneToOneField(db_column='u_id', on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='growth_assessment', serialize=False, to='accounts.growthuser')),
                ('obstacles', models.TextField(blank=True, null=True)),
                ('strategy', models.TextField(blank=True, null=True)),
                ('process', models.TextField(blank=True, null=True)),
                ('customers', models.TextField(blank=True, null=True)),
                ('technology', models.TextField(blank=True, null=True)),
                ('submittedat', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy growth assessment',
                'db_table': 'growth_assessment',
                'ordering': ['-created_at'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='GrowthAssessmentHistory',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('u_id', models.UUIDField(db_index=True)),
                ('obstacles', models.TextField(blank=True, null=True)),
                ('strategy', models.TextField(blank=True, null=True)),
                ('process', models.TextField(blank=True, null=True)),
                ('customers', models.TextField(blank=True, null=True)),
                ('technology', models.TextField(blank=True, null=True)),
                ('submittedat', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
                ('operation', models.TextField()),
                ('archived_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy growth assessment history',
                'verbose_name_plural': 'legacy growth assessment history',
                'db_table': 'growth_assessment_history',
                'ordering': ['-archived_at'],
                'managed': False,
            },
        ),
    ]
