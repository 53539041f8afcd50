"""The dashboard's intelligence card: the three newest items of the industries the user
follows, the quote of the day and the newest roadmap update.

A template tag because dashboards and intelligence sit side by side and never import each
other: the dashboard's template loads this library by name. It runs a fixed number of queries
(the follows, the items, the plan, the quote's two, the roadmap's one) whatever the data.
"""

from __future__ import annotations

from django import template

from billing.entitlements import Feature, org_has_feature
from intelligence import feed, follows, reference

register = template.Library()


@register.inclusion_tag("intelligence/_dashboard_card.html", takes_context=True)
def intelligence_dashboard_card(context) -> dict:
    request = context["request"]
    org = context.get("org")
    user = request.user
    open_to_org = org is not None and org_has_feature(org, Feature.MARKET_INTELLIGENCE)
    items = []
    if open_to_org:
        followed = follows.follows_of_user(user=user)
        items = feed.items_for_industries(industries=list(followed.industries), size=3)
    latest = reference.roadmap_published(size=1)
    return {
        "org": org,
        "open_to_org": open_to_org,
        "items": items,
        "quote": reference.quote_of_the_day(),
        "roadmap": latest[0] if latest else None,
        "roadmap_unread": bool(latest) and reference.roadmap_unread(user=user),
    }
