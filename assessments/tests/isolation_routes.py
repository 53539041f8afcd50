"""assessments' routes in the cross-tenant matrix (config/testing/isolation.py); the results'
routes are scoring's (scoring/tests/isolation_routes.py)."""

from config.testing.isolation import (
    API_OWN_ONLY,
    API_READ,
    PORTAL_EDIT,
    PORTAL_OWN_ONLY,
    PORTAL_POST_ONLY,
    PORTAL_READ,
    Route,
    acme,
    acme_and,
    acme_attempt,
    acme_type,
    globex,
    globex_type,
)

ROUTES = [
    # Portal.
    Route("assessments:delegated", why_not_org_scoped="questions delegated to the caller"),
    Route(
        "assessments:invitation_accept", why_not_org_scoped="the emailed token is the credential"
    ),
    Route("assessments:index", kwargs=acme, get=PORTAL_READ, own_list_kwargs=globex),
    Route(
        "assessments:onboarding",
        kwargs=acme,
        get=PORTAL_EDIT,
        writes=(("post", {"step": 0, "business_overview": "x"}),),
    ),
    Route("assessments:start", kwargs=acme_type, get=PORTAL_POST_ONLY, writes=(("post", {}),)),
    Route(
        "assessments:take",
        kwargs=acme_attempt("attempt_id"),
        get=PORTAL_OWN_ONLY,
        writes=(("post", {"page": 0, "t_pipeline": "1"}),),
    ),
    Route(
        "assessments:autosave",
        kwargs=acme_attempt("attempt_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {"page": 0, "t_pipeline": "1"}),),
    ),
    Route(
        "assessments:review",
        kwargs=acme_attempt("attempt_id"),
        get=PORTAL_OWN_ONLY,
        writes=(("post", {}),),
    ),
    Route(
        "assessments:delegate",
        kwargs=acme_attempt("attempt_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {"email": "x@evil.test", "question_keys": ["t_pipeline"]}),),
    ),
    Route(
        "assessments:team",
        kwargs=acme,
        get=PORTAL_READ,
        writes=(("post", {"email": "member@acme.test", "assessment_type": "bpm"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "assessments:delegation_revoke",
        kwargs=acme_and("delegation", "delegation_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    Route(
        "assessments:pulses",
        kwargs=acme,
        get=PORTAL_READ,
        writes=(("post", {"title": "x", "statements": "y", "emails": ["member@acme.test"]}),),
        own_list_kwargs=globex,
    ),
    Route("assessments:pulse_detail", kwargs=acme_and("pulse", "pulse_id"), get=PORTAL_READ),
    Route(
        "assessments:pulse_respond",
        kwargs=acme_and("pulse", "pulse_id"),
        get=PORTAL_READ,
        writes=(("post", {"q1": "1"}),),
    ),
    # API.
    Route("api:assessment-template-list", why_not_org_scoped="product-wide question banks"),
    Route("api:assessment-template-detail", why_not_org_scoped="product-wide question banks"),
    Route("api:delegated-question-list", why_not_org_scoped="questions delegated to the caller"),
    Route("api:delegated-question-answer", why_not_org_scoped="questions delegated to the caller"),
    Route(
        "api:assessment-list",
        kwargs=acme_type,
        get=API_READ,
        writes=(("post", {}),),
        own_list_kwargs=globex_type,
    ),
    Route("api:assessment-detail", kwargs=acme_attempt("pk"), get=API_OWN_ONLY),
    Route(
        "api:assessment-answers",
        kwargs=acme_attempt("pk"),
        writes=(("post", {"answers": {"t_pipeline": 1}}),),
    ),
    Route("api:assessment-submit", kwargs=acme_attempt("pk"), writes=(("post", {}),)),
    Route(
        "api:delegation-list",
        kwargs=acme,
        get=API_READ,
        writes=(
            (
                "post",
                {
                    "assessment_type": "strategic_maturity",
                    "assessment_id": "00000000-0000-0000-0000-000000000000",
                    "email": "x@evil.test",
                    "question_keys": ["t_pipeline"],
                },
            ),
        ),
        own_list_kwargs=globex,
    ),
    Route("api:delegation-detail", kwargs=acme_and("delegation", "pk"), get=API_OWN_ONLY),
    Route(
        "api:pulse-list",
        kwargs=acme,
        get=API_READ,
        writes=(("post", {"title": "x", "statements": ["y"], "emails": ["member@acme.test"]}),),
        own_list_kwargs=globex,
    ),
    Route("api:pulse-detail", kwargs=acme_and("pulse", "pk"), get=API_READ),
    Route(
        "api:pulse-respond",
        kwargs=acme_and("pulse", "pk"),
        writes=(("post", {"answers": {"q1": 1}}),),
    ),
]
