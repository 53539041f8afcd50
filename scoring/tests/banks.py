"""A small question bank in the shipped format, for engine and journey tests."""

QUESTIONS = [
    {
        "key": "t_pipeline",
        "category": "pipeline",
        "text": "How visible is your pipeline?",
        "type": "likert",
        "weight": 2,
        "required": True,
        "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Fully"},
    },
    {
        "key": "t_review",
        "category": "pipeline",
        "text": "How often is the pipeline reviewed?",
        "type": "single",
        "weight": 1,
        "required": True,
        "options": [
            {"value": "never", "label": "Never", "score": 0},
            {"value": "monthly", "label": "Monthly", "score": 2.5},
            {"value": "weekly", "label": "Weekly", "score": 5},
        ],
    },
    {
        "key": "t_channels",
        "category": "growth",
        "text": "Which channels do you measure?",
        "type": "multi",
        "weight": 1,
        "required": True,
        "allow_na": True,
        "exclusive": "none",
        "options": [
            {"value": "seo", "label": "SEO", "score": 2},
            {"value": "paid", "label": "Paid", "score": 2},
            {"value": "events", "label": "Events", "score": 2},
            {"value": "none", "label": "None of these", "score": 0},
        ],
    },
    {
        "key": "t_growth",
        "category": "growth",
        "text": "Revenue growth last year?",
        "type": "number",
        "weight": 1.5,
        "required": False,
        "allow_na": True,
        "number": {
            "min": -100,
            "max": 1000,
            "unit": "%",
            "bands": [[0, 0], [10, 2], [30, 3.5], [None, 5]],
        },
    },
    {
        "key": "t_obstacle",
        "category": "growth",
        "text": "Biggest obstacle?",
        "type": "text",
        "weight": 0,
        "required": False,
    },
]

RUBRIC = {
    "version": "v1",
    "categories": [
        {
            "key": "pipeline",
            "label": "Pipeline",
            "weight": 0.6,
            "strength": "Pipeline discipline is a strength.",
            "weakness": "The pipeline is not under control.",
            "recommendations": {
                "low": ["Low pipeline rec 1", "Low pipeline rec 2"],
                "mid": ["Mid pipeline rec 1", "Mid pipeline rec 2"],
            },
            "next_steps": ["Pipeline step 1", "Pipeline step 2"],
        },
        {
            "key": "growth",
            "label": "Growth",
            "weight": 0.4,
            "strength": "Growth engine works.",
            "weakness": "Growth is unmeasured.",
            "recommendations": {
                "low": ["Low growth rec 1", "Low growth rec 2"],
                "mid": ["Mid growth rec 1", "Mid growth rec 2"],
            },
            "next_steps": ["Growth step 1", "Growth step 2"],
        },
    ],
    "brackets": {},
}

# Answers to every question of the bank above (a complete, scorable attempt).
FULL_ANSWERS = {
    "t_pipeline": 4,
    "t_review": "monthly",
    "t_channels": ["seo", "paid"],
    "t_growth": 12,
    "t_obstacle": "Our sales cycle is too long.",
}


def activate_test_bank(**overrides):
    """Make this bank the active strategic-maturity version (every plan includes the type)."""
    import copy

    from assessments.models import AssessmentTemplate

    AssessmentTemplate.objects.filter(assessment_type="strategic_maturity").update(is_active=False)
    fields = {
        "assessment_type": "strategic_maturity",
        "version": "test-v1",
        "title": "Strategic maturity",
        "description": "Test bank",
        "questions": copy.deepcopy(QUESTIONS),
        "rubric": copy.deepcopy(RUBRIC),
        "is_active": True,
    }
    return AssessmentTemplate.objects.create(**{**fields, **overrides})
