"""What the seed forbids for assessments, the database refuses and the admin reports."""

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from assessments.choices import ASSESSMENT_ENUMS
from assessments.models import AssessmentTemplate, OnboardingAssessment
from assessments.tests.factories import AssessmentTemplateFactory, OnboardingAssessmentFactory

pytestmark = pytest.mark.django_db

CATEGORICAL = [
    "tech_maturity",
    "team_alignment",
    "funding_status",
    "growth_pace",
    "final_confirmation",
    "strategy_decision_method",
]


@pytest.mark.parametrize("field", CATEGORICAL)
def test_the_database_refuses_an_unknown_onboarding_enum_value(field):
    user = UserFactory()
    with pytest.raises(DataError, match="invalid input value for enum"), transaction.atomic():
        OnboardingAssessment.objects.create(user=user, **{field: "not_a_value"})


@pytest.mark.parametrize("field", CATEGORICAL)
def test_raw_sql_with_an_unknown_enum_value_is_refused(field):
    onboarding = OnboardingAssessmentFactory()
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE onboarding_assessments SET {field} = 'bogus' WHERE o_id = %s",  # noqa: S608
            [onboarding.pk],
        )


def test_the_enum_columns_use_the_seed_enum_types():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, udt_name FROM information_schema.columns "
            "WHERE table_name = 'onboarding_assessments' AND data_type = 'USER-DEFINED'"
        )
        found = dict(cursor.fetchall())
    assert found == {
        "tech_maturity": "tech_maturity",
        "team_alignment": "team_alignment",
        "funding_status": "funding_status",
        "growth_pace": "growth_pace",
        "final_confirmation": "final_confirmation",
        "strategy_decision_method": "strategy_decision",
    }
    assert set(ASSESSMENT_ENUMS) == set(found.values())


def test_every_known_enum_value_is_accepted():
    user = UserFactory()
    for name, choices in ASSESSMENT_ENUMS.items():
        field = "strategy_decision_method" if name == "strategy_decision" else name
        for value in choices.values:
            OnboardingAssessment.objects.create(user=user, **{field: value})
    assert OnboardingAssessment.objects.count() == sum(len(c) for c in ASSESSMENT_ENUMS.values())


def test_the_database_refuses_an_unknown_assessment_type():
    with (
        pytest.raises(IntegrityError, match="assessment_templates_assessment_type_check"),
        transaction.atomic(),
    ):
        AssessmentTemplate.objects.create(assessment_type="sales", title="Sales")


def test_a_template_version_is_unique_per_assessment_type():
    AssessmentTemplateFactory(assessment_type="bpm", version="custom-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentTemplateFactory(assessment_type="bpm", version="custom-1")


def test_a_submitted_onboarding_needs_its_submission_time():
    with (
        pytest.raises(IntegrityError, match="onboarding_assessments_submitted_at_check"),
        transaction.atomic(),
    ):
        OnboardingAssessmentFactory(status="submitted", submitted_at=None)


@pytest.mark.parametrize("field", CATEGORICAL)
def test_the_admin_onboarding_form_shows_a_field_error_not_a_500(field, client, staff):
    client.force_login(staff)
    data = {"user": str(staff.pk), "status": "draft", "friction_points": "", field: "bogus"}
    response = client.post(reverse("admin:assessments_onboardingassessment_add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not OnboardingAssessment.objects.exists()


def test_the_admin_template_form_refuses_an_unknown_assessment_type(client, staff):
    client.force_login(staff)
    data = {"assessment_type": "sales", "version": "v1", "title": "Sales", "questions": "[]"}
    data["rubric"] = "{}"
    response = client.post(reverse("admin:assessments_assessmenttemplate_add"), data)
    assert response.status_code == 200
    assert "assessment_type" in response.context["adminform"].form.errors


def test_the_admin_onboarding_form_saves_valid_answers(client, staff):
    client.force_login(staff)
    data = {
        "user": str(staff.pk),
        "status": "draft",
        "tech_maturity": "siloed",
        "growth_pace": "steady",
        "friction_points": "churn,pricing",
    }
    response = client.post(reverse("admin:assessments_onboardingassessment_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = OnboardingAssessment.objects.get()
    assert (saved.tech_maturity, saved.friction_points) == ("siloed", ["churn", "pricing"])
