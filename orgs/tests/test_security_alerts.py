"""Security alerts are raised where the signal happens (sign-in, failed sign-ins, a role or an
API-key change) and shown to the organisation's admins, who acknowledge them (audited)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from events.models import AuditLog
from orgs import services
from orgs.models import OrgRole, SecurityAlert
from orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"


def _sign_in(address: str, agent: str, password: str | None = None, email="alice@acme.test"):
    client = Client(HTTP_USER_AGENT=agent)
    return client.post(
        LOGIN,
        {"login": email, "password": password or settings.DEMO_PASSWORD},
        REMOTE_ADDR=address,
    )


def _alerts(org, alert_type):
    return list(SecurityAlert.objects.filter(org=org, alert_type=alert_type))


def test_a_first_sign_in_raises_nothing_and_the_same_device_on_the_same_network_neither(acme):
    assert _sign_in("198.51.100.20", FIREFOX).status_code == 302
    assert _sign_in("198.51.100.77", FIREFOX).status_code == 302  # same /24

    assert _alerts(acme, "new_sign_in") == []


def test_a_sign_in_from_a_new_device_or_network_raises_an_alert_in_each_org(acme, alice):
    _sign_in("198.51.100.20", FIREFOX)

    _sign_in("203.0.113.9", FIREFOX)
    _sign_in("203.0.113.9", PHONE)

    alerts = _alerts(acme, "new_sign_in")
    assert len(alerts) == 2
    assert {str(a.ip_address) for a in alerts} == {"203.0.113.9"}
    assert alerts[0].user == alice and alerts[0].details["network"] == "203.0.113.0/24"


def test_many_failed_sign_ins_raise_one_alert_per_window(acme):
    for _ in range(settings.SECURITY_FAILED_LOGINS_THRESHOLD + 2):
        _sign_in("203.0.113.7", FIREFOX, password="wrong-wrong-wrong")

    alerts = _alerts(acme, "failed_logins")
    assert len(alerts) == 1
    assert alerts[0].severity == "high"


def test_failed_sign_ins_for_an_unknown_email_raise_nothing(acme):
    for _ in range(settings.SECURITY_FAILED_LOGINS_THRESHOLD):
        _sign_in("203.0.113.7", FIREFOX, password="x", email="nobody@acme.test")

    assert not SecurityAlert.objects.filter(alert_type="failed_logins").exists()


def test_a_role_change_and_api_key_changes_raise_alerts(acme, alice, bob):
    membership = acme.memberships.get(user=bob)
    services.membership_change_role(
        membership=membership, role=OrgRole.objects.get(org=acme, key="admin"), actor=alice
    )
    key, _raw = services.api_key_create(org=acme, name="BI", scope="read", created_by=alice)
    services.api_key_revoke(key=key, actor=alice)

    types = sorted(a.alert_type for a in SecurityAlert.objects.filter(org=acme))
    assert types == ["api_key_created", "api_key_revoked", "role_changed"]
    assert _alerts(acme, "role_changed")[0].title == "bob@acme.test is now Admin"


def test_admins_see_the_alerts_and_acknowledge_them_audited(client, acme, alice):
    alert = services.security_alert_raise(
        org=acme, alert_type="failed_logins", severity="high", title="5 failed sign-ins"
    )
    client.force_login(alice)

    page = client.get(reverse("orgs:security_alerts", args=[acme.slug]))
    response = client.post(reverse("orgs:security_alert_acknowledge", args=[acme.slug, alert.pk]))

    assert "5 failed sign-ins" in page.content.decode()
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_at is not None and alert.resolved_by == alice
    assert AuditLog.objects.filter(
        table_name="security_alerts", operation="UPDATE", record_id=str(alert.pk)
    ).exists()


def test_a_member_cannot_open_the_security_page(client, acme, bob):
    client.force_login(bob)

    assert client.get(reverse("orgs:security_alerts", args=[acme.slug])).status_code == 403


def test_the_security_page_runs_a_constant_number_of_queries(
    client, acme, alice, django_assert_max_num_queries
):
    for i in range(30):
        user = MembershipFactory(org=acme).user
        services.security_alert_raise(
            org=acme, alert_type="new_sign_in", severity="low", title=f"n{i}", user=user
        )
    client.force_login(alice)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:security_alerts", args=[acme.slug])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("permissions", "sees_security", "sees_api_keys"),
    [
        (["org.view", "org.manage_members"], True, False),
        (["org.view", "org.manage_api_keys"], False, True),
    ],
)
def test_the_settings_tabs_show_what_the_member_may_open(
    client, acme, permissions, sees_security, sees_api_keys
):
    role = OrgRole.objects.create(org=acme, key="custom", name="Custom", permissions=permissions)
    user = UserFactory()
    MembershipFactory(org=acme, user=user, role=role)
    client.force_login(user)
    page = client.get(reverse("orgs:roles", args=[acme.slug])).content.decode()
    assert (f'href="/orgs/{acme.slug}/security/"' in page) is sees_security
    assert (f'href="/orgs/{acme.slug}/api-keys/"' in page) is sees_api_keys
