"""Navigation of the portal shell.

Each section appears once its page exists: a later app adds its URL name and the entry shows up,
so the shell never links to a page that is not built.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from notifications.selectors import unread_count

register = template.Library()

# (label, icon, url name, takes the org slug: True, False, or "optional" (with it on org pages))
SECTIONS = [
    ("Dashboard", "speedometer2", "dashboards:home", "optional"),
    ("Assessments", "clipboard-check", "assessments:index", True),
    ("Intelligence", "graph-up-arrow", "intelligence:index", True),
    ("Growth", "rocket-takeoff", "intelligence:growth", True),
    ("Team", "people", "orgs:members", True),
    ("Billing", "credit-card", "billing:index", True),
    ("Notifications", "bell", "notifications:index", False),
]


@register.simple_tag(takes_context=True)
def nav_sections(context) -> list[dict]:
    request = context["request"]
    org = context.get("current_org")
    current_path = request.path
    sections = []
    for label, icon, url_name, needs_org in SECTIONS:
        if needs_org is True and not org:
            continue
        try:
            url = reverse(url_name, kwargs={"org_slug": org.slug} if needs_org and org else None)
        except NoReverseMatch:
            continue
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        sections.append({"label": label, "icon": icon, "url": url, "active": active})
    return sections


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The navbar's badge: the signed-in user's unread notifications (their own rows)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user=user)


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap's classes and its error state."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", "")
    multiple = getattr(widget, "allow_multiple_selected", False)
    if input_type in ("checkbox", "radio"):
        css = "form-check-input me-1"  # a list of checkboxes gets the class on each input
    elif input_type == "select" or multiple or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.errors:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    widget = bound_field.field.widget
    single = not getattr(widget, "allow_multiple_selected", False)
    return getattr(widget, "input_type", "") == "checkbox" and single


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
