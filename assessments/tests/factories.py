"""Factories of the assessments tables. A row's org is its owner's (a membership made through
orgs' factories) or its parent's (a pulse's responses), so test data never straddles two orgs."""

import copy
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import GrowthUserFactory, UserFactory, membership_org
from assessments import models
from orgs.tests.factories import MembershipFactory, OrganizationFactory
from scoring.choices import AssessmentType
from scoring.tests import banks as test_bank
from scoring.tests.factories import AssessmentScoringResultFactory


class _UserOwned(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))


def _member_of(org):
    return MembershipFactory(org=org).user


class OnboardingAssessmentFactory(_UserOwned):
    class Meta:
        model = models.OnboardingAssessment

    business_overview = "B2B software for logistics teams."
    growth_metrics = "ARR, net revenue retention"
    tech_maturity = "partially_integrated"
    team_alignment = "mostly_aligned"
    funding_status = "early_planning"
    growth_pace = "steady"
    final_confirmation = "confirmed"
    strategy_decision_method = "leadership_team"
    friction_points = factory.LazyFunction(lambda: ["long sales cycles", "churn"])


class AssessmentTemplateFactory(factory.django.DjangoModelFactory):
    """A valid, scorable bank (scoring/tests/banks.py); versions never collide with the
    shipped v1 banks."""

    class Meta:
        model = models.AssessmentTemplate

    assessment_type = AssessmentType.BPM
    version = factory.Sequence(lambda n: f"test-{n + 1}")
    title = "Business process management"
    is_active = False
    questions = factory.LazyFunction(lambda: copy.deepcopy(test_bank.QUESTIONS))
    rubric = factory.LazyFunction(lambda: copy.deepcopy(test_bank.RUBRIC))


class _SpecialisedFactory(_UserOwned):
    class Meta:
        abstract = True

    answers = factory.LazyFunction(lambda: {"q1": 3})


def _specialised_factory(model):
    return type(
        f"{model.__name__}Factory",
        (_SpecialisedFactory,),
        {"Meta": type("Meta", (), {"model": model}), "__module__": __name__},
    )


StrategicMaturityAssessmentFactory = _specialised_factory(models.StrategicMaturityAssessment)
BpmAssessmentFactory = _specialised_factory(models.BpmAssessment)
CompetitiveBenchmarkingAssessmentFactory = _specialised_factory(
    models.CompetitiveBenchmarkingAssessment
)
CustomerExperienceAssessmentFactory = _specialised_factory(models.CustomerExperienceAssessment)
DigitalTransformationAssessmentFactory = _specialised_factory(
    models.DigitalTransformationAssessment
)
LeadershipAssessmentFactory = _specialised_factory(models.LeadershipAssessment)
MarketingEffectivenessAssessmentFactory = _specialised_factory(
    models.MarketingEffectivenessAssessment
)
SalesPerformanceAssessmentFactory = _specialised_factory(models.SalesPerformanceAssessment)
TechStackAssessmentFactory = _specialised_factory(models.TechStackAssessment)
ReassessmentAssessmentFactory = _specialised_factory(models.ReassessmentAssessment)
AiReadinessAssessmentFactory = _specialised_factory(models.AiReadinessAssessment)


class AiAssessmentContextFactory(_UserOwned):
    class Meta:
        model = models.AiAssessmentContext

    assessment_type = AssessmentType.AI_READINESS
    summary = "Mid-size SaaS company with a small data team."
    context = factory.LazyFunction(lambda: {"industry": "saas"})


class ReassessmentPromptFactory(_UserOwned):
    class Meta:
        model = models.ReassessmentPrompt

    assessment_type = AssessmentType.BPM
    prompt = "It has been 90 days: take the BPM assessment again."
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class IntegrationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IntegrationTemplate

    provider = "hubspot"
    name = factory.Sequence(lambda n: f"CRM pipeline {n}")
    category = "crm"


class AssessmentInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssessmentInvitation

    org = factory.SubFactory(OrganizationFactory)
    invited_by = factory.LazyAttribute(lambda o: o.org.owner)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    assessment_type = AssessmentType.LEADERSHIP
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class AssessmentAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssessmentAssignment

    org = factory.SubFactory(OrganizationFactory)
    assigned_by = factory.LazyAttribute(lambda o: o.org.owner)
    assignee = factory.LazyAttribute(lambda o: _member_of(o.org))
    assessment_type = AssessmentType.SALES_PERFORMANCE


class AssessmentDelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssessmentDelegation

    org = factory.SubFactory(OrganizationFactory)
    owner = factory.LazyAttribute(lambda o: o.org.owner)
    delegate_email = factory.Sequence(lambda n: f"delegate{n}@example.com")
    assessment_type = AssessmentType.TECH_STACK
    sections = factory.LazyFunction(lambda: ["integrations"])


class QuestionDelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.QuestionDelegation

    org = factory.SubFactory(OrganizationFactory)
    owner = factory.LazyAttribute(lambda o: o.org.owner)
    delegate_email = factory.Sequence(lambda n: f"expert{n}@example.com")
    assessment_type = AssessmentType.CUSTOMER_EXPERIENCE
    question_key = "nps"
    question_text = "What is your net promoter score?"


class AssessmentSessionFactory(_UserOwned):
    class Meta:
        model = models.AssessmentSession

    assessment_type = AssessmentType.STRATEGIC_MATURITY
    current_step = 2
    total_steps = 6


class AssessmentInsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssessmentInsight

    result = factory.SubFactory(AssessmentScoringResultFactory)
    user = factory.LazyAttribute(lambda o: o.result.user)
    org = factory.LazyAttribute(lambda o: o.result.org)
    assessment_type = factory.LazyAttribute(lambda o: o.result.assessment_type)
    title = "Automate hand-offs"
    insight = "Most delays happen between sales and onboarding."


class AssessmentAnalyticsFactory(_UserOwned):
    class Meta:
        model = models.AssessmentAnalytics

    assessment_type = AssessmentType.BPM
    event_type = "step_completed"
    step = 1
    duration_ms = 5400


class StrategicPulseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StrategicPulse

    org = factory.SubFactory(OrganizationFactory)
    created_by = factory.LazyAttribute(lambda o: o.org.owner)
    title = factory.Sequence(lambda n: f"Quarterly pulse {n}")
    questions = factory.LazyFunction(lambda: [{"key": "focus", "text": "Are priorities clear?"}])


class PulseResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PulseResponse

    pulse = factory.SubFactory(StrategicPulseFactory)
    org = factory.LazyAttribute(lambda o: o.pulse.org)
    respondent = factory.LazyAttribute(lambda o: _member_of(o.pulse.org))
    respondent_email = factory.LazyAttribute(lambda o: o.respondent.email)
    answers = factory.LazyFunction(lambda: {"focus": 4})
    submitted_at = factory.LazyFunction(timezone.now)


class PulseDelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PulseDelegation

    pulse = factory.SubFactory(StrategicPulseFactory)
    org = factory.LazyAttribute(lambda o: o.pulse.org)
    delegated_by = factory.LazyAttribute(lambda o: o.pulse.org.owner)
    delegate_email = factory.Sequence(lambda n: f"pulse{n}@example.com")


class GrowthAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrowthAssessment

    growth_user = factory.SubFactory(GrowthUserFactory)
    obstacles = "Not enough qualified leads."
    strategy = "Partnerships"
    submittedat = factory.LazyFunction(timezone.now)


class GrowthAssessmentHistoryFactory(factory.django.DjangoModelFactory):
    """History rows are written by the archive trigger; this makes one directly for tests."""

    class Meta:
        model = models.GrowthAssessmentHistory

    u_id = factory.LazyFunction(lambda: GrowthUserFactory().u_id)
    obstacles = "Not enough qualified leads."
    operation = "UPDATE"
