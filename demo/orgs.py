"""Demo organisations, people and roles. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from accounts.choices import PlatformRole
from accounts.models import User
from demo.assessments import seed_assessments_demo
from demo.billing import seed_billing_demo
from demo.intelligence import seed_intelligence_demo
from orgs import services
from orgs.models import Membership, Organization, OrgRole, SystemRole


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    title: str
    role: str = SystemRole.MEMBER


DEMO_ORGS = {
    ("Acme Growth Co", "acme"): [
        DemoPerson("olivia@acme.example", "Olivia", "Owens", "CEO", SystemRole.OWNER),
        DemoPerson("adam@acme.example", "Adam", "Abbott", "COO", SystemRole.ADMIN),
        DemoPerson("mia@acme.example", "Mia", "Marsh", "Head of Marketing", SystemRole.MEMBER),
        DemoPerson("victor@acme.example", "Victor", "Vance", "Board advisor", SystemRole.VIEWER),
    ],
    ("Northwind Ventures", "northwind"): [
        DemoPerson("nora@northwind.example", "Nora", "North", "Founder", SystemRole.OWNER),
        DemoPerson("ned@northwind.example", "Ned", "Nash", "Sales Director", SystemRole.MEMBER),
    ],
}
DEMO_STAFF = DemoPerson("staff@growthplatform.example", "Sam", "Staff", "Platform administrator")


def _person(person: DemoPerson, *, company: str, role: str = PlatformRole.USER) -> User:
    user = User.objects.filter(email=person.email).first()
    if user is None:
        user = User.objects.create_user(
            email=person.email,
            password=settings.DEMO_PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            title=person.title,
            company=company,
            role=role,
            agreed_terms=True,
            timezone="Europe/London",
        )
    EmailAddress.objects.get_or_create(
        user=user, email=person.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo data; returns (email, organisation, role) for the README's logins table."""
    logins: list[tuple[str, str, str]] = []
    for (name, slug), people in DEMO_ORGS.items():
        owner = _person(people[0], company=name)
        org = Organization.objects.filter(slug=slug).first() or services.org_create(
            owner=owner, name=name, slug=slug
        )
        for person in people:
            user = _person(person, company=name)
            role = OrgRole.objects.get(org=org, key=person.role)
            Membership.objects.get_or_create(org=org, user=user, defaults={"role": role})
            if user.org_id is None:
                services.org_switch(user=user, org=org)
            logins.append((person.email, name, role.name))
    _person(DEMO_STAFF, company="Growth Platform", role=PlatformRole.SUPER_ADMIN)
    _demo_notifications()
    logins.extend(seed_billing_demo())
    seed_assessments_demo()
    seed_intelligence_demo()
    logins.append((DEMO_STAFF.email, "— (staff, Django admin)", "Super admin"))
    return logins


# The demo's notifications are made the way real ones are: real events through the real handlers
# (notifications.handlers), so each text, bracket and link matches what it points at. The latest
# scored results, a delegation and a pulse come from demo.assessments; here, a market trend in
# the industry the owners follow, and a security alert for Acme's owner and admin.
DEMO_INDUSTRY = "saas"
DEMO_TREND = (
    "Usage-based pricing spreads",
    "More SaaS vendors price by use rather than by seat; buyers ask for it in renewals.",
)
DEMO_FOLLOWERS = (("olivia@acme.example", "acme"), ("nora@northwind.example", "northwind"))


def _demo_notifications() -> None:
    from intelligence.digest import digests_send_unscoped
    from intelligence.models import RealtimeMarketTrend, RealtimeSubscription
    from intelligence.services import trend_publish
    from notifications.models import Notification
    from orgs.models import SecurityAlert

    # Earlier versions of the demo wrote made-up notifications directly (keys "demo:…").
    Notification.objects.filter(idempotency_key__startswith="demo:").delete()
    for email, slug in DEMO_FOLLOWERS:
        RealtimeSubscription.objects.get_or_create(
            user=User.objects.get(email=email),
            topic="market_trends",
            industry=DEMO_INDUSTRY,
            defaults={"org": Organization.objects.get(slug=slug)},
        )
    title, insight = DEMO_TREND
    trend = RealtimeMarketTrend.objects.filter(title=title, industry=DEMO_INDUSTRY).first()
    if trend is None:
        trend = trend_publish(
            title=title, insight=insight, industry=DEMO_INDUSTRY, source="Demo data"
        )
    # Followers hear of an hour's new items in one digest (intelligence.digest): the demo sends
    # the digest of the hour its trend was published in rather than waiting for the beat. That
    # hour stays the same on every later run (the trend is kept), so a rerun, even in another
    # hour, finds the digest's idempotency key and writes nothing.
    digests_send_unscoped(now=trend.created_at + timedelta(hours=1))
    acme = Organization.objects.get(slug="acme")
    if not SecurityAlert.objects.filter(org=acme, alert_type="unfamiliar_sign_in").exists():
        services.security_alert_raise(
            org=acme,
            alert_type="unfamiliar_sign_in",
            severity="high",
            title="New sign-in from an unfamiliar location",
            details={"city": "Lisbon", "device": "Firefox on Windows"},
            user=acme.owner,
            ip_address="203.0.113.7",
        )
