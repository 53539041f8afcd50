"""The scoring engine: deterministic, bounded, monotone, and strict about bad input."""

import copy
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.banks import bank_files, read_bank
from scoring import engine
from scoring.choices import Bracket, bracket_for_score
from scoring.tests.banks import QUESTIONS, RUBRIC

NA = engine.NOT_APPLICABLE


def _answers_strategy():
    """Any mix of valid answers, skips and N/A for the test bank."""
    return st.fixed_dictionaries(
        {},
        optional={
            "t_pipeline": st.integers(1, 5),
            "t_review": st.sampled_from(["never", "monthly", "weekly"]),
            "t_channels": st.one_of(
                st.just(NA),
                st.just(["none"]),
                st.lists(st.sampled_from(["seo", "paid", "events"]), min_size=1, unique=True),
            ),
            "t_growth": st.one_of(st.just(NA), st.integers(-100, 1000)),
            "t_obstacle": st.text(max_size=20),
        },
    )


@settings(max_examples=300, deadline=None)
@given(_answers_strategy())
def test_the_score_is_within_0_and_5_and_the_bracket_matches_it(answers):
    outcome = engine.score(QUESTIONS, RUBRIC, answers)
    assert Decimal(0) <= outcome.score <= Decimal(5)
    assert outcome.score == outcome.score.quantize(Decimal("0.01"))
    assert outcome.bracket == bracket_for_score(outcome.score)
    assert outcome.bracket in Bracket.values
    assert Decimal(0) <= outcome.confidence <= Decimal(1)


@settings(max_examples=300, deadline=None)
@given(_answers_strategy())
def test_recomputation_is_identical(answers):
    first = engine.score(QUESTIONS, RUBRIC, answers, onboarding={"growth_pace": "rapid"})
    second = engine.score(
        copy.deepcopy(QUESTIONS),
        copy.deepcopy(RUBRIC),
        copy.deepcopy(answers),
        onboarding={"growth_pace": "rapid"},
    )
    assert first == second


LIKERT_UP = {1: 2, 2: 3, 3: 4, 4: 5}
SINGLE_UP = {"never": "monthly", "monthly": "weekly"}


@settings(max_examples=400, deadline=None)
@given(
    _answers_strategy(),
    st.sampled_from(["t_pipeline", "t_review", "t_channels", "t_growth"]),
    st.data(),
)
def test_raising_one_answer_never_lowers_the_score(answers, key, data):
    before = engine.score(QUESTIONS, RUBRIC, answers)
    raised = dict(answers)
    value = answers.get(key)
    if key == "t_pipeline":
        if value not in LIKERT_UP:
            return
        raised[key] = LIKERT_UP[value]
    elif key == "t_review":
        if value not in SINGLE_UP:
            return
        raised[key] = SINGLE_UP[value]
    elif key == "t_channels":
        if not isinstance(value, list) or "none" in value:
            return
        extra = [v for v in ("seo", "paid", "events") if v not in value]
        if not extra:
            return
        raised[key] = [*value, data.draw(st.sampled_from(extra))]
    else:
        if not isinstance(value, int):
            return
        raised[key] = value + data.draw(st.integers(1, 1000 - value)) if value < 1000 else value
    after = engine.score(QUESTIONS, RUBRIC, raised)
    assert after.score >= before.score


def test_skipped_and_not_applicable_answers_are_left_out_not_counted_as_zero():
    full = {
        "t_pipeline": 5,
        "t_review": "weekly",
        "t_channels": ["seo", "paid", "events"],
        "t_growth": 50,
    }
    assert engine.score(QUESTIONS, RUBRIC, full).score == Decimal("5.00")
    skipped = {"t_pipeline": 5, "t_review": "weekly", "t_channels": NA}
    outcome = engine.score(QUESTIONS, RUBRIC, skipped)
    assert outcome.score == Decimal("5.00")  # growth has no answer: left out, not zero
    assert outcome.categories[1].score is None
    assert outcome.confidence < Decimal(1)


def test_weights_per_question_and_per_category_drive_the_score():
    answers = {"t_pipeline": 5, "t_review": "never", "t_channels": ["none"], "t_growth": 50}
    outcome = engine.score(QUESTIONS, RUBRIC, answers)
    pipeline, growth = outcome.categories
    assert pipeline.score == Decimal("3.33")  # (5×2 + 0×1) / 3
    assert growth.score == Decimal("3.00")  # (0×1 + 5×1.5) / 2.5
    assert outcome.score == Decimal("3.20")  # 0.6 × 3.333… + 0.4 × 3
    assert outcome.bracket == "score_3"


def test_recommendations_and_next_steps_come_from_the_weakest_categories():
    answers = {"t_pipeline": 1, "t_review": "never", "t_channels": ["seo", "paid"], "t_growth": 20}
    outcome = engine.score(QUESTIONS, RUBRIC, answers)
    assert outcome.recommendations[:2] == ["Low pipeline rec 1", "Low pipeline rec 2"]
    assert "Mid growth rec 1" in outcome.recommendations
    assert outcome.next_steps[0] == "Pipeline step 1"
    assert outcome.swot["weaknesses"] == ["The pipeline is not under control."]


def test_the_swot_uses_the_onboarding_answers():
    answers = {"t_pipeline": 5, "t_review": "weekly", "t_channels": ["seo"], "t_growth": 5}
    outcome = engine.score(
        QUESTIONS,
        RUBRIC,
        answers,
        onboarding={
            "growth_pace": "declining",
            "funding_status": "raising_now",
            "friction_points": ["Slow decision-making"],
        },
    )
    assert "Pipeline discipline is a strength." in outcome.swot["strengths"]
    assert any("funding round" in o for o in outcome.swot["opportunities"])
    assert any("Declining revenue" in t for t in outcome.swot["threats"])
    assert "Reported friction: Slow decision-making." in outcome.swot["threats"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("t_pipeline", 6, "from 1 to 5"),
        ("t_pipeline", "abc", "value on the scale"),
        ("t_pipeline", 2.5, "whole value"),
        ("t_pipeline", True, "value on the scale"),
        ("t_review", "daily", "one of the options"),
        ("t_review", ["weekly"], "one of the options"),
        ("t_channels", ["seo", "tv"], "among the options"),
        ("t_channels", ["seo", "none"], "cannot be combined"),
        ("t_growth", "lots", "Enter a number"),
        ("t_growth", "1e999", "Enter a number"),
        ("t_growth", 5000, "at most 1000"),
        ("t_review", NA, "not an option"),
        ("t_obstacle", "x" * 5001, "under 5,000"),
    ],
)
def test_bad_answers_get_a_clear_message(key, value, message):
    question = next(q for q in QUESTIONS if q["key"] == key)
    with pytest.raises(engine.AnswerError, match=message):
        engine.clean_answer(question, value)


def test_template_errors_name_every_problem():
    rubric = copy.deepcopy(RUBRIC)
    rubric["categories"][0]["weight"] = 0.5
    questions = copy.deepcopy(QUESTIONS)
    questions[1]["options"][0]["score"] = 9
    questions[3]["number"]["bands"] = [[10, 3], [5, 2], [None, 5]]
    questions.append(dict(questions[0]))
    errors = engine.template_errors(questions, rubric)
    assert any("sum to 1; they sum to 0.9" in e for e in errors)
    assert any("option scores must be between 0 and 5" in e for e in errors)
    assert any("must not decrease" in e for e in errors)
    assert any("used twice" in e for e in errors)
    with pytest.raises(engine.TemplateError):
        engine.validate_template(questions, rubric)
    assert engine.template_errors(QUESTIONS, RUBRIC) == []


@pytest.mark.parametrize("path", bank_files(), ids=lambda p: p.stem)
def test_every_shipped_bank_is_scorable_and_sized_as_promised(path):
    bank = read_bank(path)
    assert engine.template_errors(bank["questions"], bank["rubric"]) == []
    assert 15 <= len(bank["questions"]) <= 30
    assert 4 <= len(bank["rubric"]["categories"]) <= 6
    assert set(bank["rubric"]["brackets"]) == set(Bracket.values)
    kinds = {q["type"] for q in bank["questions"]}
    assert {"likert", "single", "multi", "number"} <= kinds
    for category in bank["rubric"]["categories"]:
        assert len(category["recommendations"]["low"]) >= 2
        assert len(category["recommendations"]["mid"]) >= 2
        assert len(category["next_steps"]) >= 2


def test_all_eleven_types_ship_a_bank():
    from scoring.choices import AssessmentType

    assert {p.stem for p in bank_files()} == set(AssessmentType.values)


def test_a_number_question_must_declare_its_min_and_max():
    questions = copy.deepcopy(QUESTIONS)
    del questions[3]["number"]["max"]
    errors = engine.template_errors(questions, RUBRIC)
    assert any("t_growth" in e and "min and max" in e for e in errors)
    questions[3]["number"]["max"] = "1e999999999"
    assert any("min and max" in e for e in engine.template_errors(questions, RUBRIC))
