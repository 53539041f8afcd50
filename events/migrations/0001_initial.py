"""Event and AuditLog move from notifications to events: state only.

The tables (events, audit_log) stay where notifications' 0001 created them, with their names,
so a fresh database, one migrated before the move and an adopted one all need no SQL here.
notifications' 0003 removes the two models from its own state.
"""

import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('orgs', '0003_updated_at_triggers'),
        ('notifications', '0002_text_defaults'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AuditLog',
                    fields=[
                        ('object_pk', models.CharField(db_index=True, max_length=255, verbose_name='object pk')),
                        ('object_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='object id')),
                        ('object_repr', models.TextField(verbose_name='object representation')),
                        ('serialized_data', models.JSONField(null=True)),
                        ('action', models.PositiveSmallIntegerField(choices=[(0, 'create'), (1, 'update'), (2, 'delete'), (3, 'access')], db_index=True, verbose_name='action')),
                        ('changes_text', models.TextField(blank=True, verbose_name='change message')),
                        ('changes', models.JSONField(null=True, verbose_name='change message')),
                        ('cid', models.CharField(blank=True, db_index=True, max_length=255, null=True, verbose_name='Correlation ID')),
                        ('remote_port', models.PositiveIntegerField(blank=True, null=True, verbose_name='remote port')),
                        ('additional_data', models.JSONField(blank=True, null=True, verbose_name='additional data')),
                        ('actor_email', models.CharField(blank=True, max_length=254, null=True, verbose_name='actor email')),
                        ('id', models.AutoField(primary_key=True, serialize=False)),
                        ('remote_addr', models.GenericIPAddressField(blank=True, db_column='ip_address', null=True, verbose_name='IP address')),
                        ('timestamp', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, verbose_name='time')),
                        ('table_name', models.TextField(blank=True, default='')),
                        ('operation', models.TextField(choices=[('SELECT', 'Select (read)'), ('INSERT', 'Insert'), ('UPDATE', 'Update'), ('DELETE', 'Delete')])),
                        ('record_id', models.UUIDField(blank=True, null=True)),
                        ('old_values', models.JSONField(blank=True, null=True)),
                        ('new_values', models.JSONField(blank=True, null=True)),
                        ('user_agent', models.TextField(blank=True, default='')),
                        ('session_id', models.UUIDField(blank=True, null=True)),
                        ('actor', models.ForeignKey(blank=True, db_column='user_id', db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
                    ],
                    options={
                        'verbose_name': 'audit log entry',
                        'verbose_name_plural': 'audit log',
                        'db_table': 'audit_log',
                        'ordering': ['-timestamp'],
                        'get_latest_by': 'timestamp',
                        'abstract': False,
                        'indexes': [models.Index(fields=['operation'], name='audit_log_operation_idx'), models.Index(fields=['table_name'], name='audit_log_table_name_idx'), models.Index(fields=['timestamp'], name='audit_log_timestamp_idx'), models.Index(fields=['actor'], name='audit_log_user_id_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('operation__in', ['SELECT', 'INSERT', 'UPDATE', 'DELETE'])), name='audit_log_operation_check')],
                    },
                ),
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('event_type', models.CharField(max_length=100)),
                        ('event_data', models.JSONField(blank=True, db_default={}, default=dict)),
                        ('source', models.CharField(blank=True, max_length=100, null=True)),
                        ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now)),
                        ('dispatched_at', models.DateTimeField(blank=True, null=True)),
                        ('org', models.ForeignKey(blank=True, db_column='org_id', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.organization')),
                        ('user', models.ForeignKey(blank=True, db_column='user_id', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'events',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['org', '-created_at'], name='events_org_id_created_at_idx'), models.Index(condition=models.Q(('dispatched_at__isnull', True)), fields=['created_at'], name='events_undispatched_idx')],
                    },
                ),
            ],
        ),
    ]
