"""What the seed forbids for scoring results, the database refuses and the admin reports."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory, membership_org
from scoring.choices import Bracket, bracket_for_score
from scoring.models import AssessmentScoringResult, ScoreBpm
from scoring.tests.factories import AssessmentScoringResultFactory, ScoreBpmFactory

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    ("score", Decimal("5.5")),
    ("score", Decimal("-0.5")),
    ("confidence", Decimal("1.2")),
    ("bracket", "score_6"),
    ("assessment_type", "sales"),
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
def test_the_database_refuses_a_result_outside_the_seed(field, value):
    user = UserFactory()
    valid = {
        "user": user,
        "org": membership_org(user),
        "assessment_type": "bpm",
        "score": Decimal("3.50"),
        "bracket": "score_3_5",
        "confidence": Decimal("0.80"),
    }
    with (
        pytest.raises(IntegrityError, match=f"assessment_scoring_results_{field}_check"),
        transaction.atomic(),
    ):
        AssessmentScoringResult.objects.create(**{**valid, field: value})


@pytest.mark.parametrize(("column", "value"), [("score", "5.5"), ("confidence", "1.2")])
def test_raw_sql_from_outside_django_is_refused_too(column, value):
    result = AssessmentScoringResultFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE assessment_scoring_results SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, result.pk],
        )


def test_a_score_row_refuses_an_unknown_bracket_key():
    score = ScoreBpmFactory()
    with pytest.raises(IntegrityError, match="score_bpm_bracket_key_check"), transaction.atomic():
        ScoreBpm.objects.filter(pk=score.pk).update(bracket_key="score_9")


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
def test_the_admin_add_form_shows_a_field_error_not_a_500(field, value, client, staff):
    owner = UserFactory()
    data = {
        "user": str(owner.pk),
        "assessment_type": "bpm",
        "score": "3.50",
        "bracket": "score_3_5",
        "confidence": "0.80",
        "recommendations": "",
        "next_steps": "",
        "category_scores": "{}",
        "swot_analysis": "{}",
        field: str(value),
    }
    client.force_login(staff)
    response = client.post(reverse("admin:scoring_assessmentscoringresult_add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not AssessmentScoringResult.objects.exists()


def test_the_admin_add_form_saves_a_valid_result(client, staff):
    client.force_login(staff)
    data = {
        "user": str(staff.pk),
        "assessment_type": "bpm",
        "score": "3.50",
        "bracket": "score_3_5",
        "confidence": "0.80",
        "recommendations": "Map the process,Measure it",
        "next_steps": "",
        "category_scores": "{}",
        "swot_analysis": "{}",
    }
    response = client.post(reverse("admin:scoring_assessmentscoringresult_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AssessmentScoringResult.objects.get().recommendations == [
        "Map the process",
        "Measure it",
    ]


@pytest.mark.parametrize(
    ("score", "bracket"),
    [(0, "score_1"), (1.24, "score_1"), (1.25, "score_1_5"), (3.4, "score_3_5"), (5, "score_5")],
)
def test_a_score_falls_in_one_of_the_nine_brackets(score, bracket):
    assert bracket_for_score(score) == bracket
    assert len(Bracket.values) == 9
