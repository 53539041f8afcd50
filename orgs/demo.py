"""Demo organisations, people and roles. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from accounts.choices import PlatformRole
from accounts.models import User
from assessments.demo import seed_assessments_demo
from billing.demo import seed_billing_demo
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
    logins.append((DEMO_STAFF.email, "— (staff, Django admin)", "Super admin"))
    return logins


DEMO_NOTIFICATIONS = [
    (
        "welcome",
        "system",
        "low",
        "Welcome to Growth Platform",
        "Start with the onboarding profile, then take your first assessment.",
        "/dashboard/",
        True,
    ),
    (
        "team",
        "invitation_received",
        "medium",
        "Your team is growing",
        "Adam, Mia and Victor joined Acme Growth Co.",
        "/orgs/acme/members/",
        False,
    ),
    (
        "scored",
        "assessment_scored",
        "medium",
        "Your Sales performance result is ready",
        "You scored 3.4 (bracket 3.5). See your strengths, weaknesses and next steps.",
        "/dashboard/",
        True,
    ),
    (
        "trend",
        "industry_trend",
        "low",
        "New trend in your industry: usage-based pricing spreads",
        "Read what it means for your market and your growth plan.",
        "/dashboard/",
        True,
    ),
    (
        "security",
        "security_alert",
        "high",
        "New sign-in from an unfamiliar location",
        "If this was not you, change your password now.",
        "/accounts/password/change/",
        False,
    ),
]


def _demo_notifications() -> None:
    from notifications.models import Notification

    for email in ("olivia@acme.example", "nora@northwind.example"):
        user = User.objects.get(email=email)
        for key, type_, priority, title, message, link, read in DEMO_NOTIFICATIONS:
            Notification.objects.get_or_create(
                user=user,
                idempotency_key=f"demo:{key}",
                defaults={
                    "type": type_,
                    "priority": priority,
                    "title": title,
                    "message": message,
                    "link": link,
                    "is_read": read,
                },
            )
