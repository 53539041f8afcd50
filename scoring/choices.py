"""Vocabularies of scoring (seed §3.2): the 11 assessment types and the 9 score brackets."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class AssessmentType(models.TextChoices):
    """The 11 assessment types: the ten §11 families plus AI readiness (§10.3).

    The seed's example "sales" is the sales_performance family; the keys are the table prefixes.
    """

    SALES_PERFORMANCE = "sales_performance", "Sales performance"
    BPM = "bpm", "Business process management"
    TECH_STACK = "tech_stack", "Tech stack"
    STRATEGIC_MATURITY = "strategic_maturity", "Strategic maturity"
    COMPETITIVE_BENCHMARKING = "competitive_benchmarking", "Competitive benchmarking"
    CUSTOMER_EXPERIENCE = "customer_experience", "Customer experience"
    DIGITAL_TRANSFORMATION = "digital_transformation", "Digital transformation"
    LEADERSHIP = "leadership", "Leadership"
    MARKETING_EFFECTIVENESS = "marketing_effectiveness", "Marketing effectiveness"
    AI_READINESS = "ai_readiness", "AI readiness"
    REASSESSMENT = "reassessment", "Reassessment"


class Bracket(models.TextChoices):
    """The 9 score brackets: a score rounds to the nearest half point, with 1 the lowest.

    score_1 covers 0–1.24, score_1_5 1.25–1.74, … score_4_5 4.25–4.74, score_5 4.75–5.
    """

    SCORE_1 = "score_1", "1 (0–1.24)"
    SCORE_1_5 = "score_1_5", "1.5 (1.25–1.74)"
    SCORE_2 = "score_2", "2 (1.75–2.24)"
    SCORE_2_5 = "score_2_5", "2.5 (2.25–2.74)"
    SCORE_3 = "score_3", "3 (2.75–3.24)"
    SCORE_3_5 = "score_3_5", "3.5 (3.25–3.74)"
    SCORE_4 = "score_4", "4 (3.75–4.24)"
    SCORE_4_5 = "score_4_5", "4.5 (4.25–4.74)"
    SCORE_5 = "score_5", "5 (4.75–5)"


def bracket_for_score(score: Decimal | float) -> str:
    """The bracket key of a 0–5 score (nearest half point, never below 1)."""
    halves = (Decimal(str(score)) * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    half_points = min(max(int(halves), 2), 10)
    whole, half = divmod(half_points, 2)
    return f"score_{whole}_5" if half else f"score_{whole}"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# The django-guardian permission a shared result grants a colleague (services.result_share).
VIEW_RESULT = "scoring.view_assessmentscoringresult"
