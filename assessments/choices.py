"""Vocabularies of assessments: the §13.2 enum types and the workflow statuses."""

from django.db import models


class TechMaturity(models.TextChoices):
    """tech_maturity (values from the seed)."""

    INTEGRATED = "integrated", "Integrated"
    PARTIALLY_INTEGRATED = "partially_integrated", "Partially integrated"
    SILOED = "siloed", "Siloed"
    EARLY_STAGE = "early_stage", "Early stage"
    UNSURE = "unsure", "Unsure"


class TeamAlignment(models.TextChoices):
    """team_alignment (values chosen: the seed names the type only)."""

    FULLY_ALIGNED = "fully_aligned", "Fully aligned"
    MOSTLY_ALIGNED = "mostly_aligned", "Mostly aligned"
    PARTIALLY_ALIGNED = "partially_aligned", "Partially aligned"
    MISALIGNED = "misaligned", "Misaligned"
    UNSURE = "unsure", "Unsure"


class FundingStatus(models.TextChoices):
    """funding_status (values from the seed)."""

    RAISING_NOW = "raising_now", "Raising now"
    EARLY_PLANNING = "early_planning", "Early planning"
    PREPARING_EXIT = "preparing_exit", "Preparing an exit"
    NOT_PLANNED = "not_planned", "Not planned"
    OTHER = "other", "Other"


class GrowthPace(models.TextChoices):
    """growth_pace (values chosen)."""

    RAPID = "rapid", "Rapid (more than 50% a year)"
    STEADY = "steady", "Steady (10–50% a year)"
    SLOW = "slow", "Slow (under 10% a year)"
    FLAT = "flat", "Flat"
    DECLINING = "declining", "Declining"
    UNSURE = "unsure", "Unsure"


class FinalConfirmation(models.TextChoices):
    """final_confirmation (values chosen): the onboarding wizard's last step."""

    CONFIRMED = "confirmed", "Confirmed, everything is accurate"
    NEEDS_CHANGES = "needs_changes", "Some answers need changes"
    NOT_SURE = "not_sure", "Not sure"


class StrategyDecision(models.TextChoices):
    """strategy_decision (values chosen): how strategic decisions are made."""

    FOUNDER_LED = "founder_led", "The founder or CEO decides"
    LEADERSHIP_TEAM = "leadership_team", "The leadership team decides"
    DATA_DRIVEN = "data_driven", "Data and experiments decide"
    BOARD_LED = "board_led", "The board or investors decide"
    CONSENSUS = "consensus", "Consensus across teams"
    AD_HOC = "ad_hoc", "Ad hoc, case by case"
    OTHER = "other", "Other"


ASSESSMENT_ENUMS: dict[str, type[models.TextChoices]] = {
    "tech_maturity": TechMaturity,
    "team_alignment": TeamAlignment,
    "funding_status": FundingStatus,
    "growth_pace": GrowthPace,
    "final_confirmation": FinalConfirmation,
    "strategy_decision": StrategyDecision,
}


class AttemptStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class DelegationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class PromptStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    COMPLETED = "completed", "Completed"
    DISMISSED = "dismissed", "Dismissed"


class PulseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AnalyticsEvent(models.TextChoices):
    STARTED = "started", "Started"
    STEP_COMPLETED = "step_completed", "Step completed"
    SUBMITTED = "submitted", "Submitted"
    ABANDONED = "abandoned", "Abandoned"
    RESULTS_VIEWED = "results_viewed", "Results viewed"


def _wizard_choices() -> list[tuple[str, str]]:
    from scoring.choices import AssessmentType

    return [("onboarding", "Onboarding"), *AssessmentType.choices]


# The wizards that sessions and analytics track: onboarding plus the eleven assessment types.
WIZARD_CHOICES = _wizard_choices()
WIZARD_VALUES = [value for value, _ in WIZARD_CHOICES]
