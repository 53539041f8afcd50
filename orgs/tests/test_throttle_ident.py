"""The API throttle keys an anonymous caller by the address the connection came from."""

from django.test import RequestFactory, override_settings
from rest_framework.request import Request

from orgs.api.auth import ApiThrottle


def _ident(**meta) -> str:
    return ApiThrottle().get_ident(Request(RequestFactory().get("/api/v1/me/", **meta)))


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address():
    assert _ident(REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="203.0.113.9") == "10.0.0.7"


def test_behind_the_proxy_the_forwarded_address_counts():
    with override_settings(REST_FRAMEWORK={"NUM_PROXIES": 1}):
        from rest_framework.settings import api_settings

        api_settings.reload()
        try:
            ident = _ident(REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
        finally:
            api_settings.reload()
    assert ident == "203.0.113.9"
