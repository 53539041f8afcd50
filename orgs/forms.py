from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from orgs import selectors, services
from orgs.models import ApiKeyScope, Membership, Organization, OrgPermission, OrgRole, SystemRole

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "switch", "invitations", "admin", "api", "settings"}


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(max_length=120, label="Organisation name")
    slug = forms.CharField(
        max_length=50,
        required=False,
        label="URL name",
        help_text="Lowercase letters, digits and dashes. Left empty, it is made from the name.",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Please give the organisation a name.")
        if services.org_name_taken(name=name):
            raise ValidationError("An organisation with this name already exists.")
        return name

    def clean(self) -> dict:
        data = super().clean()
        if "name" not in data:
            return data
        slug = (data.get("slug") or "").strip().lower() or services.slug_suggest(data["name"])
        if not SLUG_RE.match(slug):
            self.add_error("slug", "Use lowercase letters, digits and single dashes only.")
        elif slug in RESERVED_SLUGS:
            self.add_error("slug", "That URL name is reserved. Choose another.")
        elif services.org_slug_taken(slug=slug):
            self.add_error("slug", "This URL name is already taken.")
        data["slug"] = slug
        return data


class OrganizationRenameForm(forms.Form):
    name = forms.CharField(max_length=120, label="Organisation name")

    def __init__(self, *args, org: Organization, **kwargs) -> None:
        self.org = org
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Please give the organisation a name.")
        if services.org_name_taken(name=name, exclude=self.org):
            raise ValidationError("Another organisation already uses that name.")
        return name


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgRole) -> str:
        return obj.name


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = RoleChoiceField(queryset=OrgRole.objects.none(), empty_label=None)

    def __init__(self, *args, org: Organization, actor: Membership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the roles the inviter may grant (never the owner's); the service checks again.
        self.fields["role"].queryset = selectors.roles_grantable_by(membership=actor)
        self.fields["role"].initial = org.roles.filter(key=SystemRole.MEMBER).first()


class MembershipRoleForm(forms.Form):
    role = RoleChoiceField(queryset=OrgRole.objects.none(), empty_label=None)

    def __init__(self, *args, org: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = org.roles.exclude(key=SystemRole.OWNER)


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Key name", help_text="Where the key is used, e.g. “CRM sync”."
    )
    scope = forms.ChoiceField(choices=ApiKeyScope.choices, initial=ApiKeyScope.READ, label="Access")


class RoleForm(forms.Form):
    name = forms.CharField(max_length=80, label="Role name")
    permissions = forms.MultipleChoiceField(
        choices=OrgPermission.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Permissions",
    )
