"""Legacy tables' links to tier2_users become plain indexed columns.

A foreign key from an unmanaged table into tier2_users makes Django's flush (TRUNCATE of the
managed tables) fail. Only the constraints 0002 created are dropped; an adopted database's own
constraints, named differently, are left alone.
"""

from django.db import migrations

DROP = """
ALTER TABLE tier2_profiles DROP CONSTRAINT IF EXISTS tier2_profiles_u_id_fkey;
ALTER TABLE trial_users DROP CONSTRAINT IF EXISTS trial_users_u_id_fkey;
ALTER TABLE leads DROP CONSTRAINT IF EXISTS leads_u_id_fkey;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_activity"),
    ]

    operations = [migrations.RunSQL(DROP, migrations.RunSQL.noop)]
