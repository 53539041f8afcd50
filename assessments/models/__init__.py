from assessments.models.insights import AiAssessmentContext, AssessmentAnalytics, AssessmentInsight
from assessments.models.legacy import GrowthAssessment, GrowthAssessmentHistory
from assessments.models.onboarding import OnboardingAssessment
from assessments.models.pulses import PulseDelegation, PulseResponse, StrategicPulse
from assessments.models.specialised import (
    SPECIALISED_MODELS,
    AiReadinessAssessment,
    BpmAssessment,
    CompetitiveBenchmarkingAssessment,
    CustomerExperienceAssessment,
    DigitalTransformationAssessment,
    LeadershipAssessment,
    MarketingEffectivenessAssessment,
    ReassessmentAssessment,
    SalesPerformanceAssessment,
    SpecialisedAssessment,
    StrategicMaturityAssessment,
    TechStackAssessment,
)
from assessments.models.templates import AssessmentTemplate, IntegrationTemplate, ReassessmentPrompt
from assessments.models.workflow import (
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInvitation,
    AssessmentSession,
    QuestionDelegation,
    QuestionDelegationGroupObjectPermission,
    QuestionDelegationUserObjectPermission,
)

__all__ = [
    "SPECIALISED_MODELS",
    "AiAssessmentContext",
    "AiReadinessAssessment",
    "AssessmentAnalytics",
    "AssessmentAssignment",
    "AssessmentDelegation",
    "AssessmentInsight",
    "AssessmentInvitation",
    "AssessmentSession",
    "AssessmentTemplate",
    "BpmAssessment",
    "CompetitiveBenchmarkingAssessment",
    "CustomerExperienceAssessment",
    "DigitalTransformationAssessment",
    "GrowthAssessment",
    "GrowthAssessmentHistory",
    "IntegrationTemplate",
    "LeadershipAssessment",
    "MarketingEffectivenessAssessment",
    "OnboardingAssessment",
    "PulseDelegation",
    "PulseResponse",
    "QuestionDelegation",
    "QuestionDelegationGroupObjectPermission",
    "QuestionDelegationUserObjectPermission",
    "ReassessmentAssessment",
    "ReassessmentPrompt",
    "SalesPerformanceAssessment",
    "SpecialisedAssessment",
    "StrategicMaturityAssessment",
    "StrategicPulse",
    "TechStackAssessment",
]
