"""The seed's triggers run in the database, so writes from outside Django are covered too."""

import pytest
from django.apps import apps
from django.db import connection

from accounts.tests.factories import GrowthUserFactory
from assessments.models import GrowthAssessmentHistory
from assessments.tests.factories import GrowthAssessmentFactory
from config.tests.test_admin_pages import discover_factories

pytestmark = pytest.mark.django_db

PART_A_APPS = ("accounts", "assessments", "scoring")


def models_with_updated_at() -> list[type]:
    return sorted(
        (
            model
            for app in PART_A_APPS
            for model in apps.get_app_config(app).get_models()
            if any(field.column == "updated_at" for field in model._meta.concrete_fields)
            and model._meta.db_table != "growth_assessment_history"
        ),
        key=lambda model: model._meta.db_table,
    )


def sql(statement: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


@pytest.mark.parametrize("model", models_with_updated_at(), ids=lambda m: m._meta.db_table)
def test_a_raw_sql_update_sets_updated_at(model):
    """The trigger overwrites whatever the statement sets with the time of the change."""
    obj = discover_factories()[model]()
    table, pk = model._meta.db_table, model._meta.pk.column
    sql(f"UPDATE {table} SET updated_at = '2000-01-01' WHERE {pk} = %s", [obj.pk])  # noqa: S608
    [(updated_at, now)] = sql(
        f"SELECT updated_at, now() FROM {table} WHERE {pk} = %s",  # noqa: S608
        [obj.pk],
    )
    assert updated_at == now


def test_a_raw_sql_update_of_a_growth_assessment_archives_the_previous_version():
    assessment = GrowthAssessmentFactory(obstacles="Too few leads")
    sql(
        "UPDATE growth_assessment SET obstacles = 'Too little focus' WHERE u_id = %s",
        [assessment.pk],
    )
    archived = GrowthAssessmentHistory.objects.get(u_id=assessment.pk)
    assert (archived.obstacles, archived.operation) == ("Too few leads", "UPDATE")
    assessment.refresh_from_db()
    assert assessment.obstacles == "Too little focus"


def test_every_change_is_archived_including_deletion():
    assessment = GrowthAssessmentFactory(obstacles="v1")
    for version in ("v2", "v3"):
        assessment.obstacles = version
        assessment.save()
    sql("DELETE FROM growth_assessment WHERE u_id = %s", [assessment.pk])
    history = GrowthAssessmentHistory.objects.filter(u_id=assessment.pk).order_by("obstacles")
    assert [(h.obstacles, h.operation) for h in history] == [
        ("v1", "UPDATE"),
        ("v2", "UPDATE"),
        ("v3", "DELETE"),
    ]


def test_the_history_outlives_a_deleted_growth_user():
    growth_user = GrowthUserFactory()
    GrowthAssessmentFactory(growth_user=growth_user)
    sql("DELETE FROM growth_users WHERE u_id = %s", [growth_user.pk])
    assert GrowthAssessmentHistory.objects.filter(u_id=growth_user.pk, operation="DELETE").exists()
