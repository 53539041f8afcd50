"""Sessions for the bench's portal pages: `python -m bench.login '<keys json>'` prints
{slug: sessionid} for each measured org's owner, made by Django's own login."""

from __future__ import annotations

import json
import sys

import django


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from django.test import Client

    from accounts.models import User
    from config import tenancy

    keys = json.loads(sys.argv[1])
    out = {}
    with tenancy.unscoped():
        for slug, info in keys.items():
            client = Client()
            client.force_login(User.objects.get(pk=info["owner_id"]))
            out[slug] = client.cookies["sessionid"].value
    print(json.dumps(out))


if __name__ == "__main__":
    main()
