"""Legacy tables (seed §2.3, §12.3, §12.8, §15) and the seven stack-level enum types (§13.1).

The models are `managed = False`; the tables are created here only where absent, so a fresh
database and the adopted Supabase one end up alike. Nothing is dropped on reverse.
Links from legacy tables to tier2_users are plain indexed columns, not foreign keys (see 0004).
"""

import config.pg
import django.utils.timezone
import uuid
from django.db import migrations, models

from config.pg import create_enum, create_table_if_absent, updated_at_trigger

# Literal values, not imports: a migration must not change when a model module does.
STACK_LEVELS = {
    "comp_stack_level": ["1", "2-10", "11-50", "51-200", "201-500", "501-1000", "1000+"],
    "ind_stack_level": [
        "saas", "ecommerce", "professional_services", "financial_services", "healthcare",
        "manufacturing", "education", "media", "real_estate", "hospitality", "logistics",
        "energy", "nonprofit", "other",
    ],
    "rev_stack_level": ["pre_revenue", "under_1m", "1m_5m", "5m_20m", "20m_100m", "over_100m"],
    "grow_stack_level": ["pre_launch", "early_traction", "scaling", "expansion", "mature"],
    "f_stack_level": [
        "bootstrapped", "pre_seed", "seed", "series_a", "series_b", "series_c_plus",
        "private_equity", "public",
    ],
    "tool_stack_level": [
        "spreadsheets", "point_solutions", "partially_integrated", "integrated_suite",
        "custom_platform",
    ],
    "tech_stack_level2": ["basic", "developing", "established", "advanced", "leading"],
}

GROWTH_USERS = """
CREATE TABLE IF NOT EXISTS growth_users (
    u_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text,
    email text NOT NULL,
    industry ind_stack_level,
    role text,
    companysize comp_stack_level,
    revenuerange rev_stack_level,
    createdat timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT growth_users_email_uniq UNIQUE (email)
);
"""

TIER2_PROFILES = """
CREATE TABLE IF NOT EXISTS tier2_profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    u_id uuid NOT NULL,
    headline text,
    bio text,
    goals text,
    preferences jsonb NOT NULL DEFAULT '{}'::jsonb,
    onboarding_completed boolean NOT NULL DEFAULT false,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    updated_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT tier2_profiles_u_id_uniq UNIQUE (u_id)
);
"""

TRIAL_USERS = """
CREATE TABLE IF NOT EXISTS trial_users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    name text,
    company text,
    u_id uuid,
    status text NOT NULL DEFAULT 'active',
    trial_started_at timestamp with time zone NOT NULL DEFAULT now(),
    trial_ends_at timestamp with time zone,
    converted_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT trial_users_email_uniq UNIQUE (email),
    CONSTRAINT trial_users_status_check CHECK (status IN ('active', 'expired', 'converted'))
);
CREATE INDEX IF NOT EXISTS trial_users_u_id_idx ON trial_users (u_id);
"""

LEADS = """
CREATE TABLE IF NOT EXISTS leads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    name text,
    company text,
    phone text,
    source text,
    message text,
    status text NOT NULL DEFAULT 'new',
    utm jsonb NOT NULL DEFAULT '{}'::jsonb,
    u_id uuid,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    updated_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT leads_status_check
        CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'lost'))
);
CREATE INDEX IF NOT EXISTS leads_email_idx ON leads (email);
CREATE INDEX IF NOT EXISTS leads_u_id_idx ON leads (u_id);
"""

USERACTIVITY = """
CREATE TABLE IF NOT EXISTS useractivity (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    u_id uuid NOT NULL
        CONSTRAINT useractivity_u_id_fkey REFERENCES growth_users (u_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    activity text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    createdat timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS useractivity_u_id_idx ON useractivity (u_id);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        *[create_enum(name, values) for name, values in STACK_LEVELS.items()],
        create_table_if_absent("growth_users", GROWTH_USERS),
        create_table_if_absent("tier2_profiles", TIER2_PROFILES),
        create_table_if_absent("trial_users", TRIAL_USERS),
        create_table_if_absent("leads", LEADS),
        create_table_if_absent("useractivity", USERACTIVITY),
        updated_at_trigger("tier2_profiles"),
        updated_at_trigger("leads"),
        migrations.CreateModel(
            name='GrowthUser',
            fields=[
                ('u_id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('name', models.TextField(blank=True, null=True)),
                ('email', models.TextField(unique=True)),
                ('industry', config.pg.EnumField(blank=True, choices=[('saas', 'Software & SaaS'), ('ecommerce', 'E-commerce & retail'), ('professional_services', 'Professional services'), ('financial_services', 'Financial services'), ('healthcare', 'Healthcare & life sciences'), ('manufacturing', 'Manufacturing'), ('education', 'Education'), ('media', 'Media & entertainment'), ('real_estate', 'Real estate & construction'), ('hospitality', 'Hospitality & travel'), ('logistics', 'Logistics & transport'), ('energy', 'Energy & utilities'), ('nonprofit', 'Non-profit'), ('other', 'Other')], enum_name='ind_stack_level', max_length=100, null=True)),
                ('role', models.TextField(blank=True, null=True)),
                ('companysize', config.pg.EnumField(blank=True, choices=[('1', 'Just me'), ('2-10', '2–10 employees'), ('11-50', '11–50 employees'), ('51-200', '51–200 employees'), ('201-500', '201–500 employees'), ('501-1000', '501–1,000 employees'), ('1000+', 'More than 1,000 employees')], enum_name='comp_stack_level', max_length=100, null=True)),
                ('revenuerange', config.pg.EnumField(blank=True, choices=[('pre_revenue', 'Pre-revenue'), ('under_1m', 'Under $1M'), ('1m_5m', '$1M–$5M'), ('5m_20m', '$5M–$20M'), ('20m_100m', '$20M–$100M'), ('over_100m', 'Over $100M')], enum_name='rev_stack_level', max_length=100, null=True)),
                ('createdat', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy growth user',
                'db_table': 'growth_users',
                'ordering': ['-createdat'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='Lead',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('email', models.TextField()),
                ('name', models.TextField(blank=True, null=True)),
                ('company', models.TextField(blank=True, null=True)),
                ('phone', models.TextField(blank=True, null=True)),
                ('source', models.TextField(blank=True, null=True)),
                ('message', models.TextField(blank=True, null=True)),
                ('status', models.TextField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('qualified', 'Qualified'), ('converted', 'Converted'), ('lost', 'Lost')], default='new')),
                ('utm', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy lead',
                'db_table': 'leads',
                'ordering': ['-created_at'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='Tier2Profile',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('headline', models.TextField(blank=True, null=True)),
                ('bio', models.TextField(blank=True, null=True)),
                ('goals', models.TextField(blank=True, null=True)),
                ('preferences', models.JSONField(blank=True, default=dict)),
                ('onboarding_completed', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy tier2 profile',
                'db_table': 'tier2_profiles',
                'ordering': ['-created_at'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='TrialUser',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('email', models.TextField(unique=True)),
                ('name', models.TextField(blank=True, null=True)),
                ('company', models.TextField(blank=True, null=True)),
                ('status', models.TextField(choices=[('active', 'Active'), ('expired', 'Expired'), ('converted', 'Converted')], default='active')),
                ('trial_started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('trial_ends_at', models.DateTimeField(blank=True, null=True)),
                ('converted_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy trial user',
                'db_table': 'trial_users',
                'ordering': ['-created_at'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='UserActivity',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('activity', models.TextField()),
                ('details', models.JSONField(blank=True, default=dict)),
                ('createdat', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'legacy user activity',
                'verbose_name_plural': 'legacy user activities',
                'db_table': 'useractivity',
                'ordering': ['-createdat'],
                'managed': False,
            },
        ),
    ]
