import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.views import error_500


@pytest.mark.django_db
def test_visitors_see_the_landing_page_with_sign_up_and_sign_in(client):
    page = client.get("/").content.decode()
    assert "Know where your growth stalls" in page
    assert reverse("account_signup") in page and reverse("account_login") in page


@pytest.mark.django_db
def test_a_signed_in_user_goes_from_the_landing_page_to_the_dashboard(client, alice, acme):
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("dashboards:home")


@pytest.mark.django_db
def test_an_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_action_gets_the_friendly_403(client, bob, acme):
    client.force_login(bob)
    response = client.post(reverse("orgs:settings", args=["acme"]), {"name": "x"})
    assert response.status_code == 403
    assert "You don't have access to this" in response.content.decode()


def test_the_500_page_renders_without_touching_the_database():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_the_shell_shows_the_navigation_and_the_current_org(client, alice, acme):
    client.force_login(alice)
    page = client.get(reverse("dashboards:home"), follow=True).content.decode()
    assert 'aria-label="Main navigation"' in page
    assert 'href="/dashboard/"' in page and 'href="/orgs/acme/members/"' in page
    assert 'data-testid="current-org"' in page and "Acme" in page
    assert "Skip to content" in page
    assert "cdn" not in page.lower()  # every asset is served from static/vendor


@pytest.mark.django_db
def test_the_vendored_assets_are_served(client):
    for path in (
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
