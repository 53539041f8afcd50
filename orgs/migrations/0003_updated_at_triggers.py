from django.db import migrations

from config.pg import updated_at_trigger


class Migration(migrations.Migration):
    """The seed's updated_at triggers, so writes from outside Django keep updated_at true."""

    dependencies = [("orgs", "0002_api_keys_and_permissions")]

    operations = [
        updated_at_trigger("enterprise_orgs"),
        updated_at_trigger("org_roles"),
        updated_at_trigger("org_users"),
    ]
