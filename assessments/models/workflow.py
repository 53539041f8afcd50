"""Sharing the work of an assessment (seed §12.1, §12.6): invitations, assignments, delegations
of a whole assessment or of one question, and the wizard sessions that track progress."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from assessments.choices import (
    WIZARD_CHOICES,
    WIZARD_VALUES,
    AssignmentStatus,
    DelegationStatus,
    InvitationStatus,
)
from config.modeling import (
    OrgOrPersonalModel,
    OrgOwnedModel,
    choice_check,
    org_fk,
    updated_at_field,
    user_fk,
)
from scoring.choices import AssessmentType


class AssessmentInvitation(OrgOwnedModel):
    """assessment_invitations: an emailed invitation to take an assessment for an organisation."""

    org = org_fk(related_name="assessment_invitations")
    invited_by = user_fk(column="invited_by", null=True)
    email = models.TextField()
    assessment_type = models.TextField(choices=AssessmentType.choices)
    message = models.TextField(blank=True, default="")
    # Only a hash of the emailed token is stored, as for organisation invitations.
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.TextField(
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
        db_default=InvitationStatus.PENDING,
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = user_fk(column="accepted_by", null=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_invitations"
        ordering = ["-created_at"]
        constraints = [
            choice_check("assessment_invitations", "assessment_type", AssessmentType),
            choice_check("assessment_invitations", "status", InvitationStatus),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.assessment_type}"


class AssessmentAssignment(OrgOwnedModel):
    """assessment_assignments: a member of the organisation is asked to complete an assessment."""

    org = org_fk(related_name="assessment_assignments")
    assigned_by = user_fk(column="assigned_by", null=True)
    assignee = user_fk(column="assignee_id")
    assessment_type = models.TextField(choices=AssessmentType.choices)
    due_date = models.DateField(null=True, blank=True)
    status = models.TextField(
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
        db_default=AssignmentStatus.ASSIGNED,
    )
    note = models.TextField(blank=True, default="")
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_assignments"
        ordering = ["due_date", "-created_at"]
        constraints = [
            choice_check("assessment_assignments", "assessment_type", AssessmentType),
            choice_check("assessment_assignments", "status", AssignmentStatus),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_type} → {self.assignee_id}"


class AssessmentDelegation(OrgOwnedModel):
    """assessment_delegations: the owner of an attempt hands some sections to a colleague (by
    email; `delegate` is set once that person has an account)."""

    org = org_fk(related_name="assessment_delegations")
    owner = user_fk(column="owner_id")
    delegate_email = models.TextField()
    delegate = user_fk(column="delegate_id", null=True)
    assessment_type = models.TextField(choices=AssessmentType.choices)
    assessment_id = models.UUIDField(null=True, blank=True)
    sections = ArrayField(models.TextField(), default=list, blank=True)
    message = models.TextField(blank=True, default="")
    status = models.TextField(
        choices=DelegationStatus.choices,
        default=DelegationStatus.PENDING,
        db_default=DelegationStatus.PENDING,
    )
    due_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_delegations"
        ordering = ["-created_at"]
        constraints = [
            choice_check("assessment_delegations", "assessment_type", AssessmentType),
            choice_check("assessment_delegations", "status", DelegationStatus),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_type} → {self.delegate_email}"


class QuestionDelegation(OrgOwnedModel):
    """question_delegations: one question of an attempt is sent to a colleague to answer."""

    org = org_fk(related_name="question_delegations")
    owner = user_fk(column="owner_id")
    delegate_email = models.TextField()
    delegate = user_fk(column="delegate_id", null=True)
    assessment_type = models.TextField(choices=AssessmentType.choices)
    assessment_id = models.UUIDField(null=True, blank=True)
    question_key = models.TextField()
    question_text = models.TextField(blank=True, default="")
    answer = models.JSONField(null=True, blank=True)
    status = models.TextField(
        choices=DelegationStatus.choices,
        default=DelegationStatus.PENDING,
        db_default=DelegationStatus.PENDING,
    )
    due_date = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "question_delegations"
        ordering = ["-created_at"]
        constraints = [
            choice_check("question_delegations", "assessment_type", AssessmentType),
            choice_check("question_delegations", "status", DelegationStatus),
        ]

    def __str__(self) -> str:
        return f"{self.question_key} → {self.delegate_email}"


class AssessmentSession(OrgOrPersonalModel):
    """assessment_sessions: where a user is in an assessment wizard, so they can resume."""

    assessment_type = models.TextField(choices=WIZARD_CHOICES)
    assessment_id = models.UUIDField(null=True, blank=True)
    current_step = models.PositiveIntegerField(default=0, db_default=0)
    total_steps = models.PositiveIntegerField(default=1, db_default=1)
    progress = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_sessions"
        ordering = ["-last_activity_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment_type__in=WIZARD_VALUES),
                name="assessment_sessions_assessment_type_check",
            ),
            models.CheckConstraint(
                condition=models.Q(current_step__lte=models.F("total_steps")),
                name="assessment_sessions_step_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_type} step {self.current_step}/{self.total_steps}"


class QuestionDelegationUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grants on one delegated question (the delegate may answer it)."""

    content_object = models.ForeignKey(QuestionDelegation, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        db_table = "question_delegations_user_perms"


class QuestionDelegationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(QuestionDelegation, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        db_table = "question_delegations_group_perms"
