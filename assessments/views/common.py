"""Lookups every assessment page shares: the assessment type of the URL and the user's attempt."""

from __future__ import annotations

from django.http import Http404

from assessments import selectors
from scoring.choices import AssessmentType


def type_or_404(assessment_type: str) -> str:
    if assessment_type not in AssessmentType.values:
        raise Http404("No such assessment.")
    return assessment_type


def attempt_or_404(request, assessment_type: str, attempt_id):
    attempt = selectors.attempt_of_user(
        org=request.org,
        user=request.user,
        assessment_type=type_or_404(assessment_type),
        attempt_id=attempt_id,
    )
    if attempt is None:
        raise Http404("No such assessment.")
    return attempt
