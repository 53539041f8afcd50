"""The product's tables as a plain DRF project would map them (unmanaged: nothing migrates)."""
# ruff: noqa: DJ008  (unmanaged mappings read by one list; nothing prints them)

from django.contrib.postgres.fields import ArrayField
from django.db import models


class User(models.Model):
    u_id = models.UUIDField(primary_key=True)
    email = models.TextField()
    is_active = models.BooleanField()
    role = models.TextField()
    is_authenticated = True

    class Meta:
        managed = False
        db_table = "tier2_users"


class Org(models.Model):
    id = models.UUIDField(primary_key=True)
    slug = models.TextField()
    owner = models.ForeignKey(User, models.DO_NOTHING, db_column="owner_id")

    class Meta:
        managed = False
        db_table = "enterprise_orgs"


class Role(models.Model):
    id = models.UUIDField(primary_key=True)
    permissions = ArrayField(models.TextField())

    class Meta:
        managed = False
        db_table = "org_roles"


class Membership(models.Model):
    id = models.UUIDField(primary_key=True)
    org = models.ForeignKey(Org, models.DO_NOTHING)
    user = models.ForeignKey(User, models.DO_NOTHING)
    role = models.ForeignKey(Role, models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "org_users"


class ApiKey(models.Model):
    id = models.UUIDField(primary_key=True)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64)
    scope = models.TextField()
    revoked_at = models.DateTimeField(null=True)
    org = models.ForeignKey(Org, models.DO_NOTHING)
    created_by = models.ForeignKey(User, models.DO_NOTHING, db_column="created_by")

    class Meta:
        managed = False
        db_table = "org_api_keys"


class Subscription(models.Model):
    sub_id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(User, models.DO_NOTHING, db_column="u_id")
    plan = models.TextField()
    status = models.TextField()
    nextbillingdate = models.DateField(null=True)

    class Meta:
        managed = False
        db_table = "subscriptions"


class Result(models.Model):
    id = models.UUIDField(primary_key=True)
    org = models.ForeignKey(Org, models.DO_NOTHING)
    user = models.ForeignKey(User, models.DO_NOTHING)
    assessment_type = models.TextField()
    score = models.DecimalField(max_digits=3, decimal_places=2)
    bracket = models.TextField()
    description = models.TextField(null=True)
    recommendations = ArrayField(models.TextField(), null=True)
    next_steps = ArrayField(models.TextField(), null=True)
    confidence = models.DecimalField(max_digits=3, decimal_places=2, null=True)
    ai_insights = models.JSONField(null=True)
    category_scores = models.JSONField(null=True)
    swot_analysis = models.JSONField(null=True)
    assessment_id = models.UUIDField(null=True)
    template_id = models.UUIDField(null=True)
    rubric_version = models.TextField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "assessment_scoring_results"


class ResultShare(models.Model):
    """guardian's direct object permissions on results: a result shared with a user."""

    id = models.BigAutoField(primary_key=True)
    content_object = models.ForeignKey(Result, models.DO_NOTHING)
    user = models.ForeignKey(User, models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "assessment_scoring_results_user_perms"
