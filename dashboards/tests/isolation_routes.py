"""dashboards' routes in the cross-tenant matrix (config/testing/isolation.py).

The dashboard lives under its organisation (/dashboard/<org_slug>/); the old /dashboard/ only
redirects: anonymous to the login page, a member to the last used organisation's dashboard, a
user without an organisation to the page that creates one.
"""

from django.urls import reverse

from config.testing.isolation import PORTAL_READ, REDIRECT, Route, World, acme, globex


def _where_the_old_url_sends(w: World, persona: str) -> str:
    if persona == "anonymous":
        return reverse("account_login")
    if persona == "staff":  # a member of no organisation
        return reverse("orgs:create")
    org = w.globex if persona == "outsider" else w.acme
    return reverse("dashboards:home", kwargs={"org_slug": org.slug})


ROUTES = [
    Route("dashboards:home", kwargs=acme, get=PORTAL_READ, own_list_kwargs=globex),
    Route("dashboards:home", get=REDIRECT, old_url=True, location=_where_the_old_url_sends),
]
