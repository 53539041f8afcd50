"""Team collaboration (seed §8.1, §12.4): team members and what the team does together."""

from __future__ import annotations

from django.db import models

from config import tenancy
from config.modeling import (
    OrgOrPersonalModel,
    OrgOwnedModel,
    choice_check,
    created_at_field,
    org_fk,
    updated_at_field,
    user_fk,
)


class Department(models.TextChoices):
    """The 13 departments of team_members (the seed counts them without naming them)."""

    EXECUTIVE = "executive", "Executive"
    SALES = "sales", "Sales"
    MARKETING = "marketing", "Marketing"
    PRODUCT = "product", "Product"
    ENGINEERING = "engineering", "Engineering"
    OPERATIONS = "operations", "Operations"
    FINANCE = "finance", "Finance"
    HR = "hr", "People & HR"
    CUSTOMER_SUCCESS = "customer_success", "Customer success"
    SUPPORT = "support", "Support"
    LEGAL = "legal", "Legal"
    IT = "it", "IT"
    STRATEGY = "strategy", "Strategy"


class TeamRole(models.TextChoices):
    """The 25 roles of team_members."""

    CEO = "ceo", "CEO"
    COO = "coo", "COO"
    CFO = "cfo", "CFO"
    CTO = "cto", "CTO"
    CMO = "cmo", "CMO"
    CRO = "cro", "CRO"
    CPO = "cpo", "CPO"
    FOUNDER = "founder", "Founder"
    VP_SALES = "vp_sales", "VP Sales"
    VP_MARKETING = "vp_marketing", "VP Marketing"
    VP_ENGINEERING = "vp_engineering", "VP Engineering"
    VP_OPERATIONS = "vp_operations", "VP Operations"
    HEAD_OF_PRODUCT = "head_of_product", "Head of Product"
    HEAD_OF_GROWTH = "head_of_growth", "Head of Growth"
    HEAD_OF_PEOPLE = "head_of_people", "Head of People"
    HEAD_OF_CUSTOMER_SUCCESS = "head_of_customer_success", "Head of Customer Success"
    DIRECTOR = "director", "Director"
    MANAGER = "manager", "Manager"
    TEAM_LEAD = "team_lead", "Team lead"
    ANALYST = "analyst", "Analyst"
    SPECIALIST = "specialist", "Specialist"
    CONSULTANT = "consultant", "Consultant"
    ADVISOR = "advisor", "Advisor"
    BOARD_MEMBER = "board_member", "Board member"
    CONTRIBUTOR = "contributor", "Individual contributor"


class TeamMember(OrgOrPersonalModel):
    """team_members (§8.1): a person on the owner's team, by email (they need no account).

    Org-or-personal by its owner: in an organisation's team, or the owner's own (org NULL)."""

    user = None  # the owner column is owner_u_id
    owner = user_fk(column="owner_u_id", related_name="team_members")
    member_email = models.TextField()
    member_name = models.TextField(blank=True, default="")
    role = models.TextField(choices=TeamRole.choices)
    permissions = models.JSONField(default=dict, db_default={}, blank=True)
    department = models.TextField(choices=Department.choices)
    org = org_fk(null=True, related_name="team_members")
    updated_at = updated_at_field()

    objects = tenancy.OrgOrPersonalManager(user_field="owner")

    class Meta:
        db_table = "team_members"
        ordering = ["member_name", "member_email"]
        constraints = [
            choice_check("team_members", "department", Department),
            choice_check("team_members", "role", TeamRole),
            models.UniqueConstraint(
                fields=["owner", "member_email"], name="team_members_owner_u_id_member_email_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["department"], name="team_members_department_idx"),
            models.Index(fields=["member_email"], name="team_members_member_email_idx"),
            models.Index(fields=["org"], name="team_members_org_id_idx"),
            models.Index(fields=["owner"], name="team_members_owner_u_id_idx"),
            models.Index(fields=["role"], name="team_members_role_idx"),
        ]

    def __str__(self) -> str:
        return self.member_name or self.member_email


class TeamActivity(OrgOwnedModel):
    """team_activities: a piece of work the team tracks (a growth initiative, a follow-up)."""

    created_by = user_fk(column="created_by", null=True)
    assignee = models.ForeignKey(
        TeamMember,
        db_column="assignee_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.TextField()
    description = models.TextField(blank=True, default="")
    status = models.TextField(default="open", db_default="open")
    due_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "team_activities"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "in_progress", "done", "cancelled"]),
                name="team_activities_status_check",
            )
        ]


class TeamActivityLog(OrgOwnedModel):
    """team_activity_log: what happened in the team, newest first (the team feed)."""

    actor = user_fk(column="actor_id", null=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True, default="")
    target_id = models.UUIDField(null=True, blank=True)
    details = models.JSONField(default=dict, db_default={}, blank=True)

    class Meta:
        db_table = "team_activity_log"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org", "-created_at"], name="team_activity_log_org_idx")]


class TeamAnalytics(OrgOwnedModel):
    """team_analytics: one day of a team's engagement figures."""

    date = models.DateField()
    active_members = models.PositiveIntegerField(default=0)
    messages_sent = models.PositiveIntegerField(default=0)
    comments_posted = models.PositiveIntegerField(default=0)
    activities_completed = models.PositiveIntegerField(default=0)
    assessments_completed = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "team_analytics"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["org", "date"], name="team_analytics_org_id_date_uniq")
        ]


class TeamComment(OrgOwnedModel):
    """team_comments: a comment on something the team shares (a result, an activity)."""

    author = user_fk(column="author_id")
    target_type = models.CharField(max_length=100)
    target_id = models.UUIDField()
    body = models.TextField()
    updated_at = updated_at_field()

    class Meta:
        db_table = "team_comments"
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="team_comments_target_idx")
        ]


class TeamMessage(OrgOwnedModel):
    """team_messages: a message in the team's channel, or a direct message."""

    sender = user_fk(column="sender_id")
    recipient = user_fk(column="recipient_id", null=True)
    channel = models.CharField(max_length=100, default="general", db_default="general")
    body = models.TextField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "team_messages"
        ordering = ["created_at"]


class TeamPresence(OrgOwnedModel):
    """team_presence: who is online in the portal now."""

    user = user_fk()
    status = models.TextField(default="online", db_default="online")
    current_page = models.TextField(blank=True, default="")
    last_seen_at = created_at_field()
    created_at = None  # the table's time column is last_seen_at

    class Meta:
        db_table = "team_presence"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "user"], name="team_presence_org_id_user_id_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["online", "away", "offline"]),
                name="team_presence_status_check",
            ),
        ]


class TeamUser(OrgOrPersonalModel):
    """team_users: links a team member (by email) to the account that signed up with it."""

    team_member = models.ForeignKey(
        TeamMember, db_column="team_member_id", on_delete=models.CASCADE, related_name="+"
    )
    linked_at = created_at_field()
    created_at = None  # the table's time column is linked_at

    class Meta:
        db_table = "team_users"
        constraints = [
            models.UniqueConstraint(
                fields=["team_member", "user"], name="team_users_team_member_id_user_id_uniq"
            )
        ]
