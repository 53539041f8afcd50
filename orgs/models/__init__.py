from orgs.models.organization import (
    SYSTEM_ROLE_PERMISSIONS,
    Invitation,
    Membership,
    Organization,
    OrgPermission,
    OrgRole,
    SystemRole,
)

__all__ = [
    "SYSTEM_ROLE_PERMISSIONS",
    "Invitation",
    "Membership",
    "OrgPermission",
    "OrgRole",
    "Organization",
    "SystemRole",
]
