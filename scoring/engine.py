"""The scoring engine: a template's questions and rubric plus answers in, a scored outcome out.

Pure and deterministic (no database, no clock, Decimal arithmetic), so recomputing a result from
the same answers and the same rubric version always gives the identical outcome. The format of
questions and rubrics is docs/question-banks.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from config.safe_json import text_is_storable
from scoring.choices import Bracket, bracket_for_score

NOT_APPLICABLE = "__na__"
QUESTION_TYPES = ("likert", "single", "multi", "number", "text")
FIVE = Decimal(5)
ZERO = Decimal(0)
TWO_PLACES = Decimal("0.01")
LOW_THRESHOLD = Decimal("2.5")
STRONG_THRESHOLD = Decimal("3.5")
HIGH_THRESHOLD = Decimal("4")

# A numeric answer is a plain decimal number: at most 15 digits before the point and 6 after,
# an optional minus, thousands commas only in groups of three. Anything else ("1e200000",
# "NaN", "0x1p3", 5,000 nines) is refused before any arithmetic, because Decimal and int()
# of an exponent like 1e999999999 cost minutes of CPU.
NUMBER_MAX_CHARS = 40
PLAIN_NUMBER = re.compile(
    r"-?(?:(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"
)
NUMBER_LIMIT = 10**15
TEXT_MAX_CHARS = 5000

# Generic bracket descriptions, used when a rubric does not word its own.
BRACKET_DESCRIPTIONS = {
    Bracket.SCORE_1: "Foundational: the basics are missing or ad hoc; start with the essentials.",
    Bracket.SCORE_1_5: "Emerging: first practices exist but depend on individuals.",
    Bracket.SCORE_2: "Developing: some repeatable practices, applied unevenly.",
    Bracket.SCORE_2_5: "Developing well: practices are spreading but not yet measured.",
    Bracket.SCORE_3: "Established: a working system, with clear gaps to close.",
    Bracket.SCORE_3_5: "Established and measured: decisions increasingly rest on data.",
    Bracket.SCORE_4: "Advanced: consistent, measured and improving.",
    Bracket.SCORE_4_5: "Leading: a strength competitors would envy.",
    Bracket.SCORE_5: "Best in class: a benchmark for the industry.",
}


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is shown to the user."""


class TemplateError(ValueError):
    """A template whose questions or rubric cannot be scored; `errors` lists every problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


# --- Template validation -------------------------------------------------------------------------


def template_errors(questions: Any, rubric: Any) -> list[str]:
    """Every reason this template cannot be scored (empty when it can)."""
    errors: list[str] = []
    if not isinstance(questions, list) or not questions:
        return ["The template has no questions (a list of question objects is expected)."]
    if not isinstance(rubric, dict) or not isinstance(rubric.get("categories"), list):
        return ["The rubric needs a list of categories."]
    categories = rubric["categories"]
    keys = [c.get("key") for c in categories if isinstance(c, dict)]
    if len(keys) != len(categories) or not all(keys):
        errors.append("Every rubric category needs a key.")
    if len(set(keys)) != len(keys):
        errors.append("Rubric category keys must be unique.")
    try:
        total = sum((_dec(c.get("weight", 0)) for c in categories), ZERO)
        if any(_dec(c.get("weight", 0)) <= 0 for c in categories):
            errors.append("Every category weight must be greater than 0.")
        if abs(total - 1) > Decimal("0.001"):
            errors.append(f"Category weights must sum to 1; they sum to {total.normalize()}.")
    except (InvalidOperation, TypeError, AttributeError):
        errors.append("Category weights must be numbers.")
    seen: set[str] = set()
    scored_per_category: dict[str, int] = dict.fromkeys(keys, 0)
    for index, question in enumerate(questions, start=1):
        if not isinstance(question, dict):
            errors.append(f"Question {index} is not an object.")
            continue
        key = question.get("key")
        label = f"Question {index} ({key})" if key else f"Question {index}"
        if not key:
            errors.append(f"{label} has no key.")
        elif key in seen:
            errors.append(f"{label}: the key is used twice.")
        seen.add(key)
        if not question.get("text"):
            errors.append(f"{label} has no text.")
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            errors.append(f"{label}: type must be one of {', '.join(QUESTION_TYPES)}.")
            continue
        if question.get("category") not in scored_per_category:
            errors.append(f"{label}: category {question.get('category')!r} is not in the rubric.")
        try:
            weight = _dec(question.get("weight", 1 if kind != "text" else 0))
        except InvalidOperation:
            errors.append(f"{label}: weight must be a number.")
            continue
        if kind == "text":
            if weight != 0:
                errors.append(f"{label}: a text question is not scored; its weight must be 0.")
            continue
        if weight <= 0:
            errors.append(f"{label}: the weight of a scored question must be greater than 0.")
        elif question.get("category") in scored_per_category:
            scored_per_category[question["category"]] += 1
        errors.extend(_shape_errors(label, kind, question))
    for key, count in scored_per_category.items():
        if count == 0:
            errors.append(f"Category {key!r} has no scored question.")
    return errors


def _shape_errors(label: str, kind: str, question: dict) -> list[str]:
    errors = []
    if kind == "likert":
        scale = question.get("scale") or {}
        try:
            if _dec(scale.get("min", 1)) >= _dec(scale.get("max", 5)):
                errors.append(f"{label}: the scale's min must be below its max.")
        except InvalidOperation:
            errors.append(f"{label}: the scale's min and max must be numbers.")
    elif kind in ("single", "multi"):
        options = question.get("options") or []
        if len(options) < 2:
            errors.append(f"{label}: give at least two options.")
        values = [o.get("value") for o in options if isinstance(o, dict)]
        if len(set(values)) != len(options) or not all(values):
            errors.append(f"{label}: every option needs a distinct value.")
        for option in options:
            try:
                if not ZERO <= _dec(option.get("score", 0)) <= FIVE:
                    errors.append(f"{label}: option scores must be between 0 and 5.")
                    break
            except (InvalidOperation, AttributeError):
                errors.append(f"{label}: option scores must be numbers.")
                break
    elif kind == "number":
        spec = question.get("number") or {}
        low, high = plain_number(spec.get("min")), plain_number(spec.get("max"))
        if low is None or high is None or low >= high:
            errors.append(f"{label}: give the answer's min and max, plain numbers, min below max.")
        bands = spec.get("bands") or []
        if not bands or bands[-1][0] is not None:
            errors.append(f"{label}: number bands must end with an open band [null, score].")
        try:
            scores = [_dec(b[1]) for b in bands]
            bounds = [_dec(b[0]) for b in bands[:-1]]
            if scores != sorted(scores) or bounds != sorted(bounds):
                errors.append(f"{label}: band bounds and scores must not decrease.")
            if any(not ZERO <= s <= FIVE for s in scores):
                errors.append(f"{label}: band scores must be between 0 and 5.")
        except (InvalidOperation, TypeError, IndexError):
            errors.append(f"{label}: bands are [upper_bound, score] pairs of numbers.")
    return errors


def validate_template(questions: Any, rubric: Any) -> None:
    errors = template_errors(questions, rubric)
    if errors:
        raise TemplateError(errors)


# --- Answers ----------------------------------------------------------------------------------


def clean_answer(question: dict, value: Any) -> Any:
    """The stored form of one answer, or AnswerError with a message for the user.

    None or "" means skipped; NOT_APPLICABLE is accepted where the question allows it.
    """
    kind = question["type"]
    if value is None or value == "" or value == []:
        return None
    if value == NOT_APPLICABLE:
        if question.get("allow_na"):
            return NOT_APPLICABLE
        raise AnswerError("“Not applicable” is not an option for this question.")
    if kind == "likert":
        scale = question.get("scale") or {}
        low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
        number = _whole_number(value)
        if not low <= number <= high:
            raise AnswerError(f"Choose a value from {low} to {high}.")
        return number
    if kind == "single":
        values = [o["value"] for o in question.get("options", [])]
        if _option_text(value) not in values:
            raise AnswerError("Choose one of the options offered.")
        return _option_text(value)
    if kind == "multi":
        chosen = value if isinstance(value, list) else [value]
        values = [o["value"] for o in question.get("options", [])]
        chosen = [_option_text(v) for v in chosen]
        unknown = [v for v in chosen if v not in values]
        if unknown:
            raise AnswerError("Choose only among the options offered.")
        exclusive = question.get("exclusive")
        if exclusive and exclusive in chosen and len(chosen) > 1:
            label = next(o["label"] for o in question["options"] if o["value"] == exclusive)
            raise AnswerError(f"“{label}” cannot be combined with other options.")
        return [v for v in values if v in chosen]  # the bank's order, no duplicates
    if kind == "number":
        spec = question.get("number") or {}
        number = plain_number(value)
        if number is None:
            raise AnswerError("Enter a number (digits, an optional minus and decimal point).")
        low, high = spec.get("min"), spec.get("max")
        if low is not None and number < _dec(low):
            raise AnswerError(f"Enter a number of at least {low}.")
        if high is not None and number > _dec(high):
            raise AnswerError(f"Enter a number of at most {high}.")
        return float(number) if number != number.to_integral_value() else int(number)
    if kind == "text":
        return clean_text(value)
    raise AnswerError("This question cannot be answered.")


def plain_number(value: Any) -> Decimal | None:
    """The value as a Decimal if it is a plain, bounded number, else None; bounded time.

    Accepts ints and finite floats below 10^15 and strings matching PLAIN_NUMBER once stripped
    (at most NUMBER_MAX_CHARS long before stripping); never evaluates an exponent.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value) if -NUMBER_LIMIT < value < NUMBER_LIMIT else None
    if isinstance(value, float):
        if not math.isfinite(value) or not -NUMBER_LIMIT < value < NUMBER_LIMIT:
            return None
        value = repr(value)
    if not isinstance(value, str) or len(value) > NUMBER_MAX_CHARS:
        return None
    text = value.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


def _option_text(value: Any) -> str | None:
    """An option's value as posted: strings, and small numbers for options like "1"."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and plain_number(value) is not None:
        return str(value)
    return None


def clean_text(value: Any) -> str | None:
    """A free-text answer as stored: stripped, bounded, and storable in PostgreSQL."""
    if not isinstance(value, str):
        raise AnswerError("Enter text.")
    text = value.strip()
    if len(text) > TEXT_MAX_CHARS:
        raise AnswerError("Keep the answer under 5,000 characters.")
    if not text_is_storable(text):
        raise AnswerError(
            "The answer contains a character that cannot be saved (a NUL byte or an invalid "
            "code point); remove it and try again."
        )
    return text or None


def _whole_number(value: Any) -> int:
    number = plain_number(value)
    if number is None:
        raise AnswerError("Choose a value on the scale.")
    if number != number.to_integral_value():
        raise AnswerError("Choose a whole value on the scale.")
    return int(number)


def question_points(question: dict, value: Any) -> Decimal | None:
    """An answer's score, 0–5, or None when it does not count (skipped, N/A, text)."""
    kind = question["type"]
    if value is None or value == NOT_APPLICABLE or kind == "text":
        return None
    if kind == "likert":
        scale = question.get("scale") or {}
        low, high = _dec(scale.get("min", 1)), _dec(scale.get("max", 5))
        number = plain_number(value)  # a stored answer is clean, but never trust it with CPU
        if number is None or not low <= number <= high:
            return None
        return (number - low) / (high - low) * FIVE
    options = {o["value"]: _dec(o.get("score", 0)) for o in question.get("options", [])}
    if kind == "single":
        return options.get(value) if isinstance(value, str) else None
    if kind == "multi":
        if not isinstance(value, list):
            return None
        return min(FIVE, sum((options.get(v, ZERO) for v in value if isinstance(v, str)), ZERO))
    if kind == "number":
        number = plain_number(value)
        if number is None:
            return None
        for bound, score in question["number"]["bands"]:
            if bound is None or number <= _dec(bound):
                return _dec(score)
    return None


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryScore:
    key: str
    label: str
    score: Decimal | None  # None: no question of the category was answered
    answered: int
    scored_questions: int
    weight: Decimal


@dataclass(frozen=True)
class Outcome:
    score: Decimal
    bracket: str
    description: str
    confidence: Decimal
    categories: list[CategoryScore]
    recommendations: list[str]
    next_steps: list[str]
    swot: dict[str, list[str]]
    rubric_version: str
    missing_required: list[str] = field(default_factory=list)

    def category_scores_json(self) -> dict[str, dict]:
        return {
            c.key: {
                "label": c.label,
                "score": float(c.score) if c.score is not None else None,
                "answered": c.answered,
                "questions": c.scored_questions,
                "weight": float(c.weight),
            }
            for c in self.categories
        }

    def weakest(self, count: int = 2) -> list[CategoryScore]:
        scored = [c for c in self.categories if c.score is not None]
        return sorted(scored, key=lambda c: (c.score, c.key))[:count]


def missing_required(questions: list[dict], answers: dict) -> list[dict]:
    return [q for q in questions if q.get("required") and answers.get(q["key"]) in (None, "", [])]


def score(
    questions: list[dict],
    rubric: dict,
    answers: dict,
    *,
    onboarding: dict | None = None,
) -> Outcome:
    """Score the answers against the rubric (the template must be valid)."""
    by_category: dict[str, list[tuple[Decimal, Decimal]]] = {}
    total_weight = ZERO
    answered_weight = ZERO
    category_weights = {c["key"]: _dec(c["weight"]) for c in rubric["categories"]}
    counts: dict[str, int] = {}
    for question in questions:
        if question["type"] == "text":
            continue
        weight = _dec(question.get("weight", 1))
        category = question["category"]
        counts[category] = counts.get(category, 0) + 1
        share = weight * category_weights[category]
        total_weight += share
        points = question_points(question, answers.get(question["key"]))
        if points is None:
            continue
        answered_weight += share
        by_category.setdefault(category, []).append((points, weight))

    categories: list[CategoryScore] = []
    overall_sum = ZERO
    overall_weight = ZERO
    for category in rubric["categories"]:
        entries = by_category.get(category["key"], [])
        value = None
        if entries:
            weight_sum = sum((w for _, w in entries), ZERO)
            value = sum((p * w for p, w in entries), ZERO) / weight_sum
            overall_sum += value * category_weights[category["key"]]
            overall_weight += category_weights[category["key"]]
        categories.append(
            CategoryScore(
                key=category["key"],
                label=category.get("label", category["key"]),
                score=_round(value) if value is not None else None,
                answered=len(entries),
                scored_questions=counts.get(category["key"], 0),
                weight=category_weights[category["key"]],
            )
        )
    overall = _round(overall_sum / overall_weight) if overall_weight else ZERO
    overall = min(max(overall, ZERO), FIVE)
    bracket = bracket_for_score(overall)
    description = (rubric.get("brackets") or {}).get(bracket) or BRACKET_DESCRIPTIONS[bracket]
    confidence = _round(answered_weight / total_weight) if total_weight else ZERO
    outcome_categories = categories
    recommendations, next_steps = _advice(rubric, outcome_categories)
    return Outcome(
        score=overall,
        bracket=bracket,
        description=description,
        confidence=confidence,
        categories=outcome_categories,
        recommendations=recommendations,
        next_steps=next_steps,
        swot=_swot(rubric, outcome_categories, onboarding or {}),
        rubric_version=str(rubric.get("version", "v1")),
        missing_required=[q["key"] for q in missing_required(questions, answers)],
    )


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _rubric_category(rubric: dict, key: str) -> dict:
    return next(c for c in rubric["categories"] if c["key"] == key)


def _weakest(categories: list[CategoryScore], count: int) -> list[CategoryScore]:
    scored = [c for c in categories if c.score is not None and c.score < HIGH_THRESHOLD]
    return sorted(scored, key=lambda c: (c.score, c.key))[:count]


def _advice(rubric: dict, categories: list[CategoryScore]) -> tuple[list[str], list[str]]:
    """Recommendations and next steps from the weakest categories (up to three)."""
    recommendations: list[str] = []
    next_steps: list[str] = []
    for category in _weakest(categories, 3):
        spec = _rubric_category(rubric, category.key)
        level = "low" if category.score < LOW_THRESHOLD else "mid"
        recommendations.extend((spec.get("recommendations") or {}).get(level, [])[:2])
        next_steps.extend((spec.get("next_steps") or [])[:1])
    if not recommendations:  # everything scores 4 or more: keep the lead
        strongest = max(
            (c for c in categories if c.score is not None), key=lambda c: c.score, default=None
        )
        if strongest is not None:
            recommendations.append(
                f"Protect your lead in {strongest.label.lower()}: document what works and "
                "review it quarterly so it survives growth and staff changes."
            )
            next_steps.append("Schedule a reassessment in six months to confirm the trend.")
    return recommendations, next_steps


ONBOARDING_OPPORTUNITIES = {
    ("growth_pace", "rapid"): "Rapid growth gives room to invest in scalable systems now.",
    ("growth_pace", "steady"): "Steady growth leaves room to fix foundations without a crisis.",
    ("funding_status", "raising_now"): "A funding round can pay for the gaps this shows.",
    ("funding_status", "early_planning"): "Closing these gaps before raising lifts valuation.",
    ("tech_maturity", "integrated"): "Integrated systems make automation and AI easy to add.",
    ("team_alignment", "fully_aligned"): "An aligned team can move fast on the priorities.",
    ("strategy_decision_method", "data_driven"): "Data-driven decisions speed up experiments.",
}
ONBOARDING_THREATS = {
    ("growth_pace", "flat"): "Flat growth leaves little margin for a failed initiative.",
    ("growth_pace", "declining"): "Declining revenue makes the weakest areas urgent.",
    ("tech_maturity", "siloed"): "Siloed systems hide the data needed to steer.",
    ("tech_maturity", "early_stage"): "Early-stage tooling will strain as volume grows.",
    ("team_alignment", "misaligned"): "A misaligned team dilutes effort across priorities.",
    ("team_alignment", "partially_aligned"): "Partial alignment slows execution of the plan.",
    ("funding_status", "preparing_exit"): "Due diligence will expose the weakest areas.",
    ("strategy_decision_method", "ad_hoc"): "Ad hoc decisions make improvements hard to keep.",
}


def _swot(rubric: dict, categories: list[CategoryScore], onboarding: dict) -> dict[str, list[str]]:
    scored = sorted((c for c in categories if c.score is not None), key=lambda c: (-c.score, c.key))
    swot: dict[str, list[str]] = {
        "strengths": [],
        "weaknesses": [],
        "opportunities": [],
        "threats": [],
    }
    for category in scored:
        spec = _rubric_category(rubric, category.key)
        if category.score >= STRONG_THRESHOLD:
            swot["strengths"].append(
                spec.get("strength") or f"{category.label} is a strength ({category.score})."
            )
        elif category.score < LOW_THRESHOLD:
            swot["weaknesses"].append(
                spec.get("weakness") or f"{category.label} is weak ({category.score})."
            )
    middle = [c for c in scored if LOW_THRESHOLD <= c.score < STRONG_THRESHOLD]
    for category in middle[:2]:
        swot["opportunities"].append(
            f"{category.label} ({category.score}) is within reach of a strength: "
            "targeted work here pays back fastest."
        )
    for (fieldname, value), text in ONBOARDING_OPPORTUNITIES.items():
        if onboarding.get(fieldname) == value:
            swot["opportunities"].append(text)
    lowest = [c for c in reversed(scored) if c.score < LOW_THRESHOLD][:1]
    for category in lowest:
        swot["threats"].append(
            f"Left as it is, {category.label.lower()} ({category.score}) caps growth elsewhere."
        )
    for (fieldname, value), text in ONBOARDING_THREATS.items():
        if onboarding.get(fieldname) == value:
            swot["threats"].append(text)
    for point in (onboarding.get("friction_points") or [])[:2]:
        swot["threats"].append(f"Reported friction: {point}.")
    if not swot["weaknesses"] and scored:
        weakest = scored[-1]
        swot["weaknesses"].append(f"{weakest.label} is the relative weak spot ({weakest.score}).")
    return swot
