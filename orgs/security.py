"""Security alerts raised where sign-in happens: a sign-in from a new device or network, and
many failed sign-ins for one account. Role and API-key changes raise theirs in orgs.services.

The receivers are connected in OrgsConfig.ready to Django's `user_logged_in` and
`user_login_failed` signals (allauth signs in through `django.contrib.auth.login`). A sign-in
request has no organisation in its URL, and the user's alert goes to every organisation they
belong to, so both run unscoped by name.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

from accounts.models import User, UserSession
from config import tenancy
from orgs import selectors, services
from orgs.models import AlertSeverity, SecurityAlertType

# Networks are compared by prefix: a phone moving between addresses of one provider's /24 (or
# an IPv6 /48) is the same network; the user agent string stands for the device.
IPV4_PREFIX = 24
IPV6_PREFIX = 48


def client_ip(request) -> str | None:
    """The address the sign-in came from (REMOTE_ADDR: the proxy in front sets it)."""
    value = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def network_of(ip: str | None) -> str:
    if not ip:
        return ""
    address = ipaddress.ip_address(ip)
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _device_known(*, sessions: list[UserSession], network: str, user_agent: str) -> bool:
    return any(network_of(s.ip_address) == network and s.user_agent == user_agent for s in sessions)


def sign_in_record_unscoped(*, user: User, request) -> UserSession:
    """Record the sign-in (user_sessions) and raise `new_sign_in` in each of the user's
    organisations when neither this device on this network was seen before. A first sign-in
    ever raises nothing: there is nothing to compare with."""
    ip = client_ip(request)
    user_agent = (request.META.get("HTTP_USER_AGENT") or "")[:500] if request else ""
    session_key = getattr(getattr(request, "session", None), "session_key", None) or ""
    with tenancy.unscoped():
        previous = list(
            UserSession.objects_unscoped.filter(user=user).order_by("-last_seen_at")[:50]
        )
        network = network_of(ip)
        if previous and not _device_known(
            sessions=previous, network=network, user_agent=user_agent
        ):
            _alert_each_org_unscoped(
                user=user,
                alert_type=SecurityAlertType.NEW_SIGN_IN,
                severity=AlertSeverity.MEDIUM,
                title=f"{user.email} signed in from a new device or network",
                details={"network": network, "user_agent": user_agent[:200]},
                ip=ip,
            )
        key = session_key or hashlib.sha256(f"{user.pk}{ip}{user_agent}".encode()).hexdigest()
        session, _ = UserSession.objects_unscoped.update_or_create(
            session_key=key[:64],
            defaults={"user": user, "org": user.org, "ip_address": ip, "user_agent": user_agent},
        )
    return session


def failed_sign_in_record_unscoped(*, email: str, request) -> bool:
    """Count a failed sign-in for the account; at the threshold (settings
    SECURITY_FAILED_LOGINS_THRESHOLD in SECURITY_FAILED_LOGINS_WINDOW seconds) raise
    `failed_logins` once per window in each of its organisations. True when raised."""
    email = (email or "").strip().lower()
    if not email:
        return False
    window = settings.SECURITY_FAILED_LOGINS_WINDOW
    key = "security:failed-logins:" + hashlib.sha256(email.encode()).hexdigest()
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count != settings.SECURITY_FAILED_LOGINS_THRESHOLD:
        return False
    with tenancy.unscoped():
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            return False
        _alert_each_org_unscoped(
            user=user,
            alert_type=SecurityAlertType.FAILED_LOGINS,
            severity=AlertSeverity.HIGH,
            title=f"{count} failed sign-ins for {user.email}",
            details={"failures": count, "window_seconds": window},
            ip=client_ip(request),
        )
    return True


def _alert_each_org_unscoped(*, user: User, ip: str | None, **alert) -> None:
    with tenancy.unscoped():
        for membership in selectors.memberships_for_user_unscoped(user=user):
            services.security_alert_raise(org=membership.org, user=user, ip_address=ip, **alert)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    sign_in_record_unscoped(user=user, request=request)


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    failed_sign_in_record_unscoped(
        email=credentials.get("email") or credentials.get("username") or "", request=request
    )
