from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orgs import plans, selectors, services
from orgs import roles as role_rules
from orgs.decorators import org_view
from orgs.forms import (
    SLUG_RE,
    ApiKeyForm,
    InvitationForm,
    MembershipRoleForm,
    OrganizationCreateForm,
    OrganizationRenameForm,
    RoleForm,
)
from orgs.middleware import remember_org
from orgs.models import Membership, OrgPermission


def _settings_tabs(request: HttpRequest) -> dict:
    """Which of the settings pages' tabs the member may open (orgs/_settings_nav.html)."""
    return {
        "can_manage_api_keys": request.membership.can(OrgPermission.MANAGE_API_KEYS),
        "can_manage_members": request.membership.can(OrgPermission.MANAGE_MEMBERS),
    }


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(
                owner=request.user, name=form.cleaned_data["name"], slug=form.cleaned_data["slug"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            remember_org(request, org)
            messages.success(request, f"{org.name} is ready. Invite your team to get started.")
            return redirect("orgs:members", org_slug=org.slug)
    context = {
        "form": form,
        "invitations": selectors.invitations_open_for_email_unscoped(email=request.user.email),
    }
    return render(request, "orgs/create.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_join(request: HttpRequest, invitation_id) -> HttpResponse:
    """Accept an invitation addressed to the signed-in user's own email, without its link."""
    invitation = selectors.invitation_open_for_email_unscoped(
        email=request.user.email, invitation_id=invitation_id
    )
    if invitation is None:
        raise Http404("No such invitation.")
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("orgs:create")
    remember_org(request, invitation.org)
    messages.success(request, f"Welcome to {invitation.org.name}.")
    return redirect("dashboards:home", org_slug=invitation.org.slug)


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("org_slug", "")
    # A posted slug is a lookup: anything that cannot be a slug (NUL too) is no organisation.
    membership = (
        selectors.membership_for_url_unscoped(user=request.user, slug=slug)
        if SLUG_RE.match(slug)
        else None
    )
    if membership is None or membership._state.adding:  # staff's read-only view is not a membership
        raise Http404("No such organisation.")
    services.org_switch(user=request.user, org=membership.org)
    remember_org(request, membership.org)
    messages.info(request, f"You are now working in {membership.org.name}.")
    return redirect("dashboards:home", org_slug=membership.org.slug)


@org_view(write_permission=OrgPermission.MANAGE_SETTINGS)
def settings_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    can_rename = request.membership.can(OrgPermission.MANAGE_SETTINGS)
    form = OrganizationRenameForm(request.POST or None, org=org, initial={"name": org.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_rename(org=org, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, "The organisation has been renamed.")
            return redirect("orgs:settings", org_slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "can_rename": can_rename,
        **_settings_tabs(request),
    }
    return render(request, "orgs/settings.html", context, status=400 if form.errors else 200)


@org_view(write_permission=OrgPermission.MANAGE_MEMBERS)
def members(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    can_manage = request.membership.can(OrgPermission.MANAGE_MEMBERS)
    form = InvitationForm(request.POST or None, org=org, actor=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                org=org, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "email", exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("orgs:members", org_slug=org.slug)
    memberships = list(selectors.members_for_org(org=org))
    context = {
        "org": org,
        "memberships": memberships,
        "manageable": {
            m.pk
            for m in memberships
            if can_manage and not role_rules.authority_refusal(actor=request.membership, target=m)
        },
        "assignable_roles": list(selectors.roles_grantable_by(membership=request.membership)),
        "invitations": selectors.invitations_open_for_org(org=org) if can_manage else [],
        "form": form,
        "can_manage": can_manage,
        **_settings_tabs(request),
    }
    return render(request, "orgs/members.html", context, status=400 if form.errors else 200)


def _membership_in_org(request: HttpRequest, membership_id) -> Membership:
    return get_object_or_404(selectors.members_for_org(org=request.org), pk=membership_id)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_MEMBERS)
def member_role(request: HttpRequest, org_slug: str, membership_id) -> HttpResponse:
    membership = _membership_in_org(request, membership_id)
    form = MembershipRoleForm(request.POST, org=request.org)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
            messages.success(request, f"{membership.user} is now {form.cleaned_data['role'].name}.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Choose one of the organisation's roles.")
    return redirect("orgs:members", org_slug=request.org.slug)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_MEMBERS)
def member_remove(request: HttpRequest, org_slug: str, membership_id) -> HttpResponse:
    membership = _membership_in_org(request, membership_id)
    try:
        services.membership_remove(membership=membership, actor=request.user)
        messages.success(request, f"{membership.user} has been removed from {request.org.name}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("orgs:members", org_slug=request.org.slug)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_MEMBERS)
def invitation_revoke(request: HttpRequest, org_slug: str, invitation_id) -> HttpResponse:
    invitation = get_object_or_404(
        selectors.invitations_open_for_org(org=request.org), pk=invitation_id
    )
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
    return redirect("orgs:members", org_slug=request.org.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token_unscoped(token=token)
    if invitation is None:
        raise Http404("No such invitation.")
    if not request.user.is_authenticated:
        return render(request, "orgs/invitation.html", {"invitation": invitation})
    error = None
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            remember_org(request, invitation.org)
            messages.success(request, f"Welcome to {invitation.org.name}.")
            return redirect("dashboards:home", org_slug=invitation.org.slug)
    context = {"invitation": invitation, "error": error}
    return render(request, "orgs/invitation.html", context, status=400 if error else 200)


@org_view(OrgPermission.MANAGE_API_KEYS)
@plans.feature_required(plans.API, methods={"POST"})  # no key that every call would refuse
def api_keys(request: HttpRequest, org_slug: str) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        key, new_key = services.api_key_create(
            org=request.org, created_by=request.user, **form.cleaned_data
        )
        messages.success(
            request, f"API key “{key.name}” created. Copy it now: it is shown only once."
        )
        form = ApiKeyForm()
    context = {
        "org": request.org,
        "keys": selectors.api_keys_for_org(org=request.org),
        "form": form,
        "new_key": new_key,
        "api_locked": plans.feature_offer(request, request.org, plans.API),
        **_settings_tabs(request),
    }
    return render(request, "orgs/api_keys.html", context, status=400 if form.errors else 200)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_API_KEYS)
def api_key_revoke(request: HttpRequest, org_slug: str, key_id) -> HttpResponse:
    key = get_object_or_404(selectors.api_keys_for_org(org=request.org), pk=key_id)
    services.api_key_revoke(key=key, actor=request.user)
    messages.success(request, f"API key “{key.name}” was revoked.")
    return redirect("orgs:api_keys", org_slug=request.org.slug)


@org_view(write_permission=OrgPermission.MANAGE_SETTINGS)
def roles(request: HttpRequest, org_slug: str) -> HttpResponse:
    can_edit = request.membership.can(OrgPermission.MANAGE_SETTINGS)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_create(org=request.org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "name", exc)
        else:
            messages.success(request, f"Role “{role.name}” created.")
            return redirect("orgs:roles", org_slug=request.org.slug)
    context = {
        "org": request.org,
        "roles": selectors.roles_for_org(org=request.org),
        "permission_labels": dict(OrgPermission.choices),
        "form": form,
        "can_edit": can_edit,
        **_settings_tabs(request),
    }
    return render(request, "orgs/roles.html", context, status=400 if form.errors else 200)


@org_view(OrgPermission.MANAGE_SETTINGS)
def role_edit(request: HttpRequest, org_slug: str, role_id) -> HttpResponse:
    role = get_object_or_404(
        selectors.roles_for_org(org=request.org).filter(is_system=False), pk=role_id
    )
    initial = {"name": role.name, "permissions": role.permissions}
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                services.role_delete(role=role, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("orgs:role_edit", org_slug=request.org.slug, role_id=role.pk)
            messages.success(request, f"Role “{role.name}” deleted.")
            return redirect("orgs:roles", org_slug=request.org.slug)
        if form.is_valid():
            try:
                services.role_update(role=role, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None if hasattr(exc, "error_dict") else "name", exc)
            else:
                messages.success(request, f"Role “{role.name}” saved.")
                return redirect("orgs:roles", org_slug=request.org.slug)
    context = {"org": request.org, "role": role, "form": form}
    return render(request, "orgs/role_edit.html", context, status=400 if form.errors else 200)


@org_view(OrgPermission.MANAGE_MEMBERS)
def security_alerts(request: HttpRequest, org_slug: str) -> HttpResponse:
    alerts = selectors.security_alerts_for_org(org=request.org)
    context = {
        "org": request.org,
        "alerts": alerts[: selectors.SECURITY_ALERTS_SHOWN],
        "open_count": alerts.filter(resolved_at__isnull=True).count(),
        **_settings_tabs(request),
    }
    return render(request, "orgs/security_alerts.html", context)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_MEMBERS)
def security_alert_acknowledge(request: HttpRequest, org_slug: str, alert_id) -> HttpResponse:
    alert = get_object_or_404(selectors.security_alerts_for_org(org=request.org), pk=alert_id)
    services.security_alert_acknowledge(alert=alert, actor=request.user)
    messages.success(request, f"Alert “{alert.title}” acknowledged.")
    return redirect("orgs:security_alerts", org_slug=request.org.slug)
