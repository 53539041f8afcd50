"""Strategic pulses (seed §12.6): short recurring check-ins an organisation sends its people."""

from __future__ import annotations

from django.db import models

from assessments.choices import DelegationStatus, PulseStatus
from config.modeling import (
    OrgOwnedModel,
    choice_check,
    org_fk,
    updated_at_field,
    user_fk,
)


class StrategicPulse(OrgOwnedModel):
    """strategic_pulses: a pulse survey (a few questions) open between two dates."""

    org = org_fk(related_name="strategic_pulses")
    created_by = user_fk(column="created_by", null=True)
    title = models.TextField()
    questions = models.JSONField(default=list, blank=True)
    status = models.TextField(
        choices=PulseStatus.choices, default=PulseStatus.DRAFT, db_default=PulseStatus.DRAFT
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    # Addition: a recurring pulse opens its next round this many days after the last one opened.
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        db_column="previous_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = updated_at_field()

    class Meta:
        db_table = "strategic_pulses"
        ordering = ["-created_at"]
        constraints = [
            choice_check("strategic_pulses", "status", PulseStatus),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="strategic_pulses_dates_check",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PulseResponse(OrgOwnedModel):
    """pulse_responses: one person's answers to a pulse."""

    pulse = models.ForeignKey(
        StrategicPulse, db_column="pulse_id", on_delete=models.CASCADE, related_name="responses"
    )
    respondent = user_fk(column="respondent_id", null=True)
    respondent_email = models.TextField(blank=True, default="")
    answers = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "pulse_responses"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pulse", "respondent"], name="pulse_responses_pulse_id_respondent_id_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"Response to {self.pulse_id}"


class PulseDelegation(OrgOwnedModel):
    """pulse_delegations: a pulse sent to a colleague (by email) to answer."""

    pulse = models.ForeignKey(
        StrategicPulse, db_column="pulse_id", on_delete=models.CASCADE, related_name="delegations"
    )
    delegated_by = user_fk(column="delegated_by", null=True)
    delegate_email = models.TextField()
    delegate = user_fk(column="delegate_id", null=True)
    status = models.TextField(
        choices=DelegationStatus.choices,
        default=DelegationStatus.PENDING,
        db_default=DelegationStatus.PENDING,
    )
    due_date = models.DateField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "pulse_delegations"
        ordering = ["-created_at"]
        constraints = [
            choice_check("pulse_delegations", "status", DelegationStatus),
            models.UniqueConstraint(
                fields=["pulse", "delegate_email"],
                name="pulse_delegations_pulse_id_delegate_email_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pulse_id} → {self.delegate_email}"
