"""django-guardian grants inside an org: checked after org scoping, deleted with their object."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from assessments import services as assessment_services
from assessments.models import QuestionDelegation, QuestionDelegationUserObjectPermission
from orgs.tests.factories import MembershipFactory
from scoring import selectors, services
from scoring.models import ScoringResultUserObjectPermission
from scoring.tests.factories import AssessmentScoringResultFactory


@pytest.fixture
def alices_result(alice, acme):
    return AssessmentScoringResultFactory(user=alice, org=acme)


@pytest.mark.django_db
def test_a_result_is_private_until_shared_with_a_colleague(alice, bob, acme, alices_result):
    assert list(selectors.results_visible_to(org=acme, user=alice)) == [alices_result]
    assert list(selectors.results_visible_to(org=acme, user=bob)) == []

    services.result_share(result=alices_result, with_user=bob, shared_by=alice)

    assert list(selectors.results_visible_to(org=acme, user=bob)) == [alices_result]
    services.result_unshare(result=alices_result, with_user=bob, shared_by=alice)
    assert list(selectors.results_visible_to(org=acme, user=bob)) == []


@pytest.mark.django_db
def test_a_grant_never_crosses_organisations(alice, bob, acme, globex, charlie, alices_result):
    with pytest.raises(ValidationError):
        services.result_share(result=alices_result, with_user=charlie, shared_by=alice)
    # Even a grant written directly is ignored outside the result's org.
    from guardian.shortcuts import assign_perm

    assign_perm(services.VIEW_RESULT, charlie, alices_result)
    assert list(selectors.results_visible_to(org=globex, user=charlie)) == []


@pytest.mark.django_db
def test_only_the_results_owner_shares_it(alice, bob, acme, alices_result):
    with pytest.raises(PermissionDenied):
        services.result_share(result=alices_result, with_user=alice, shared_by=bob)


@pytest.mark.django_db
def test_grants_are_direct_foreign_keys_deleted_with_the_result(alice, bob, alices_result):
    services.result_share(result=alices_result, with_user=bob, shared_by=alice)
    assert ScoringResultUserObjectPermission.objects.filter(content_object=alices_result).exists()
    alices_result.delete()
    assert not ScoringResultUserObjectPermission.objects.exists()


@pytest.fixture
def alices_attempt(alice, acme):
    from assessments.tests.factories import AssessmentTemplateFactory, BpmAssessmentFactory

    template = AssessmentTemplateFactory(assessment_type="bpm")
    return BpmAssessmentFactory(user=alice, org=acme, template=template, answers={})


@pytest.mark.django_db
def test_only_the_delegate_answers_a_delegated_question(alice, bob, acme, alices_attempt):
    mia = MembershipFactory(org=acme, user=UserFactory(email="mia@acme.test")).user
    assessment_services.questions_delegate(
        attempt=alices_attempt, owner=alice, email=bob.email, question_keys=["t_pipeline"]
    )
    delegation = QuestionDelegation.objects.get(assessment_id=alices_attempt.pk)
    assert QuestionDelegationUserObjectPermission.objects.filter(content_object=delegation).exists()

    with pytest.raises(QuestionDelegation.DoesNotExist):
        assessment_services.question_answer(delegation_id=delegation.pk, user=mia, answer=3)
    answered = assessment_services.question_answer(delegation_id=delegation.pk, user=bob, answer=3)
    assert answered.answer == 3 and answered.status == "completed"
    alices_attempt.refresh_from_db()
    assert alices_attempt.answers == {"t_pipeline": 3}


@pytest.mark.django_db
def test_a_delegation_is_invisible_to_another_org(
    alice, bob, acme, globex, charlie, alices_attempt
):
    assessment_services.questions_delegate(
        attempt=alices_attempt, owner=alice, email=bob.email, question_keys=["t_review"]
    )
    delegation = QuestionDelegation.objects.get(assessment_id=alices_attempt.pk)
    with pytest.raises(QuestionDelegation.DoesNotExist):
        assessment_services.question_answer(delegation_id=delegation.pk, user=charlie, answer=1)
    # Nobody delegates to themselves, nor questions of an attempt that is not theirs.
    with pytest.raises(ValidationError):
        assessment_services.questions_delegate(
            attempt=alices_attempt, owner=alice, email=alice.email, question_keys=["t_review"]
        )
    with pytest.raises(PermissionDenied):
        assessment_services.questions_delegate(
            attempt=alices_attempt, owner=bob, email=charlie.email, question_keys=["t_review"]
        )
