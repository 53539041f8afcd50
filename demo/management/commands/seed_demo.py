from django.conf import settings

from config.commands import UnscopedCommand
from demo.orgs import seed_demo


class Command(UnscopedCommand):
    help = "Create the demo organisations, members and staff user (idempotent)."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with any of:"))
        for email, org, role in logins:
            self.stdout.write(f"  {email:<34} {org:<28} {role}")
        self.stdout.write(f"Password for every demo login: {settings.DEMO_PASSWORD}")
