"""Factories of the scoring tables. A score row's user and org come from its scoring result."""

from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory, membership_org
from scoring import models
from scoring.choices import AssessmentType, bracket_for_score


class AssessmentScoringResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssessmentScoringResult

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    assessment_type = AssessmentType.BPM
    score = Decimal("3.40")
    bracket = factory.LazyAttribute(lambda o: bracket_for_score(o.score))
    description = "Processes are documented but rarely measured."
    recommendations = factory.LazyFunction(lambda: ["Map the lead-to-cash process"])
    next_steps = factory.LazyFunction(lambda: ["Pick one KPI per process"])
    confidence = Decimal("0.80")
    category_scores = factory.LazyFunction(lambda: {"documentation": 4, "measurement": 2})


class _ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    result = factory.SubFactory(AssessmentScoringResultFactory)
    user = factory.LazyAttribute(lambda o: o.result.user)
    org = factory.LazyAttribute(lambda o: o.result.org)
    gmf_score = factory.LazyAttribute(lambda o: float(o.result.score))
    bracket_key = factory.LazyAttribute(lambda o: o.result.bracket)
    answers = factory.LazyFunction(lambda: {"q1": 3, "q2": 4})


def _score_factory(model, assessment_type):
    return type(
        f"{model.__name__}Factory",
        (_ScoreFactory,),
        {
            "Meta": type("Meta", (), {"model": model}),
            "result": factory.SubFactory(
                AssessmentScoringResultFactory, assessment_type=assessment_type
            ),
            "__module__": __name__,
        },
    )


ScoreStrategicMaturityFactory = _score_factory(
    models.ScoreStrategicMaturity, AssessmentType.STRATEGIC_MATURITY
)
ScoreBpmFactory = _score_factory(models.ScoreBpm, AssessmentType.BPM)
ScoreCompetitiveBenchmarkingFactory = _score_factory(
    models.ScoreCompetitiveBenchmarking, AssessmentType.COMPETITIVE_BENCHMARKING
)
ScoreCustomerExperienceFactory = _score_factory(
    models.ScoreCustomerExperience, AssessmentType.CUSTOMER_EXPERIENCE
)
ScoreDigitalTransformationFactory = _score_factory(
    models.ScoreDigitalTransformation, AssessmentType.DIGITAL_TRANSFORMATION
)
ScoreLeadershipFactory = _score_factory(models.ScoreLeadership, AssessmentType.LEADERSHIP)
ScoreMarketingEffectivenessFactory = _score_factory(
    models.ScoreMarketingEffectiveness, AssessmentType.MARKETING_EFFECTIVENESS
)
ScoreSalesPerformanceFactory = _score_factory(
    models.ScoreSalesPerformance, AssessmentType.SALES_PERFORMANCE
)
ScoreTechStackFactory = _score_factory(models.ScoreTechStack, AssessmentType.TECH_STACK)
ScoreReassessmentFactory = _score_factory(models.ScoreReassessment, AssessmentType.REASSESSMENT)


class ScorecardInsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ScorecardInsight

    result = factory.SubFactory(AssessmentScoringResultFactory)
    user = factory.LazyAttribute(lambda o: o.result.user)
    org = factory.LazyAttribute(lambda o: o.result.org)
    assessment_type = factory.LazyAttribute(lambda o: o.result.assessment_type)
    category = "measurement"
    title = "Measure what you document"
    insight = "Two of five processes have an owner and a KPI."
