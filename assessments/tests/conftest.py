import copy

import pytest

from assessments.models import AssessmentTemplate
from scoring.tests import banks


@pytest.fixture
def bank(db):
    """The active strategic-maturity bank is the small test bank (every plan includes this type)."""
    AssessmentTemplate.objects.filter(assessment_type="strategic_maturity").update(is_active=False)
    return AssessmentTemplate.objects.create(
        assessment_type="strategic_maturity",
        version="test-v1",
        title="Strategic maturity",
        description="Test bank",
        questions=copy.deepcopy(banks.QUESTIONS),
        rubric=copy.deepcopy(banks.RUBRIC),
        is_active=True,
    )


FULL_ANSWERS = {
    "t_pipeline": 4,
    "t_review": "monthly",
    "t_channels": ["seo", "paid"],
    "t_growth": 12,
    "t_obstacle": "Our sales cycle is too long.",
}
