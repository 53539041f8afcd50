from orgs.models.api_keys import ApiKey, ApiKeyScope
from orgs.models.organization import (
    SYSTEM_ROLE_PERMISSIONS,
    Invitation,
    Membership,
    Organization,
    OrgPermission,
    OrgRole,
    SystemRole,
)
from orgs.models.security import AlertSeverity, SecurityAlert, SecurityAlertType

__all__ = [
    "AlertSeverity",
    "SecurityAlert",
    "SecurityAlertType",
    "ApiKey",
    "ApiKeyScope",
    "SYSTEM_ROLE_PERMISSIONS",
    "Invitation",
    "Membership",
    "OrgPermission",
    "OrgRole",
    "Organization",
    "SystemRole",
]
