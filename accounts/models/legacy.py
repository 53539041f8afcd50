"""Legacy tables of the first version (seed §2.3, §12.3, §12.8, §15): read, never migrated away.

All are `managed = False`: migration 0002_legacy_tables creates them only where the database
lacks them, so an adopted Supabase database keeps its data and a fresh one gets the same tables.

Their links to tier2_users are not database foreign keys (`db_constraint=False`, migration 0004):
Django's flush truncates managed tables only, and a foreign key from an unmanaged table into
tier2_users makes that TRUNCATE fail (transactional and live-server tests). The seed documents
no such key; Django still cascades or nulls them when a user is deleted.

Tenancy: tier2_profiles is user-owned (one row per tier2 user, no org column). The others are
global (plain managers), read by staff in the admin only: growth_users is the legacy identity
table and user_activity hangs off it, not off a tier2 user; trial_users and leads are sign-up and
marketing records whose u_id is optional (a lead or trial starts before any account exists).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.choices import CompanySize, Industry, RevenueRange
from config import tenancy
from config.modeling import UUIDModel, user_fk
from config.pg import EnumField


# Seed §13.1: the stack-level enum types. The seed names them without values; the first three
# reuse the profile vocabularies of tier2_users so a legacy row maps onto a current profile.
class GrowthStage(models.TextChoices):
    """grow_stack_level."""

    PRE_LAUNCH = "pre_launch", "Pre-launch"
    EARLY_TRACTION = "early_traction", "Early traction"
    SCALING = "scaling", "Scaling"
    EXPANSION = "expansion", "Expansion"
    MATURE = "mature", "Mature"


class FundingStage(models.TextChoices):
    """f_stack_level."""

    BOOTSTRAPPED = "bootstrapped", "Bootstrapped"
    PRE_SEED = "pre_seed", "Pre-seed"
    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    SERIES_C_PLUS = "series_c_plus", "Series C or later"
    PRIVATE_EQUITY = "private_equity", "Private equity"
    PUBLIC = "public", "Public"


class ToolStackLevel(models.TextChoices):
    """tool_stack_level."""

    SPREADSHEETS = "spreadsheets", "Spreadsheets and email"
    POINT_SOLUTIONS = "point_solutions", "Separate point tools"
    PARTIALLY_INTEGRATED = "partially_integrated", "Partially integrated tools"
    INTEGRATED_SUITE = "integrated_suite", "Integrated suite"
    CUSTOM_PLATFORM = "custom_platform", "Custom platform"


class TechStackLevel2(models.TextChoices):
    """tech_stack_level2."""

    BASIC = "basic", "Basic"
    DEVELOPING = "developing", "Developing"
    ESTABLISHED = "established", "Established"
    ADVANCED = "advanced", "Advanced"
    LEADING = "leading", "Leading"


STACK_LEVEL_ENUMS: dict[str, type[models.TextChoices]] = {
    "comp_stack_level": CompanySize,
    "ind_stack_level": Industry,
    "rev_stack_level": RevenueRange,
    "grow_stack_level": GrowthStage,
    "f_stack_level": FundingStage,
    "tool_stack_level": ToolStackLevel,
    "tech_stack_level2": TechStackLevel2,
}


class TrialStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    CONVERTED = "converted", "Converted"


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    QUALIFIED = "qualified", "Qualified"
    CONVERTED = "converted", "Converted"
    LOST = "lost", "Lost"


class GrowthUser(models.Model):
    """growth_users (§2.3): the first version's user table, being replaced by tier2_users."""

    u_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.TextField(blank=True, null=True)
    email = models.TextField(unique=True)
    industry = EnumField(
        enum_name="ind_stack_level", choices=Industry.choices, null=True, blank=True
    )
    role = models.TextField(blank=True, null=True)
    companysize = EnumField(
        enum_name="comp_stack_level", choices=CompanySize.choices, null=True, blank=True
    )
    revenuerange = EnumField(
        enum_name="rev_stack_level", choices=RevenueRange.choices, null=True, blank=True
    )
    createdat = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "growth_users"
        ordering = ["-createdat"]
        verbose_name = "legacy growth user"

    def __str__(self) -> str:
        return self.email


class Tier2Profile(models.Model):
    """tier2_profiles (§12.8): the first version's extended profile of a tier2 user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        db_column="u_id",
        db_constraint=False,
        on_delete=models.CASCADE,
        related_name="legacy_profile",
    )
    headline = models.TextField(blank=True, null=True)
    bio = models.TextField(blank=True, null=True)
    goals = models.TextField(blank=True, null=True)
    preferences = models.JSONField(default=dict, blank=True)
    onboarding_completed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = tenancy.UserOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        managed = False
        db_table = "tier2_profiles"
        ordering = ["-created_at"]
        verbose_name = "legacy tier2 profile"

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"


class TrialUser(UUIDModel):
    """trial_users (§12.8, §15.1): trial sign-ups of the first version."""

    email = models.TextField(unique=True)
    name = models.TextField(blank=True, null=True)
    company = models.TextField(blank=True, null=True)
    user = user_fk(column="u_id", null=True, db_constraint=False)
    status = models.TextField(choices=TrialStatus.choices, default=TrialStatus.ACTIVE)
    trial_started_at = models.DateTimeField(default=timezone.now)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    converted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "trial_users"
        ordering = ["-created_at"]
        verbose_name = "legacy trial user"

    def __str__(self) -> str:
        return self.email


class Lead(UUIDModel):
    """leads (§12.8): contact requests and marketing sign-ups captured before an account."""

    email = models.TextField()
    name = models.TextField(blank=True, null=True)
    company = models.TextField(blank=True, null=True)
    phone = models.TextField(blank=True, null=True)
    source = models.TextField(blank=True, null=True)
    message = models.TextField(blank=True, null=True)
    status = models.TextField(choices=LeadStatus.choices, default=LeadStatus.NEW)
    utm = models.JSONField(default=dict, blank=True)
    user = user_fk(column="u_id", null=True, db_constraint=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "leads"
        ordering = ["-created_at"]
        verbose_name = "legacy lead"

    def __str__(self) -> str:
        return self.email


class UserActivity(models.Model):
    """useractivity (§12.3, §15.1): the first version's activity log of growth_users."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    growth_user = models.ForeignKey(
        GrowthUser, db_column="u_id", on_delete=models.CASCADE, related_name="activities"
    )
    activity = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    createdat = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "useractivity"
        ordering = ["-createdat"]
        verbose_name = "legacy user activity"
        verbose_name_plural = "legacy user activities"

    def __str__(self) -> str:
        return self.activity
