"""Per-organisation API keys for integrators (org_api_keys).

Not in the seed: the integrator API needs them. Only a SHA-256 hash of the key is stored; the
short prefix is kept in clear so a key can be found and recognised in lists.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from config import tenancy


class ApiKeyScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read_write", "Read and write"


class ApiKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        "orgs.Organization", db_column="org_id", on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.TextField()
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.TextField(choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="created_by",
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "org_api_keys"
        ordering = ["-created_at"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=ApiKeyScope.values), name="org_api_keys_scope_check"
            ),
        ]
        indexes = [models.Index(fields=["org"], name="org_api_keys_org_id_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == ApiKeyScope.READ_WRITE
