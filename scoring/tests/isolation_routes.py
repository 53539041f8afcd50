"""scoring's routes in the cross-tenant matrix (config/testing/isolation.py): the results,
whose portal URLs keep their `assessments:` names."""

from config.testing.isolation import (
    API_READ,
    API_RESULT,
    PORTAL_READ,
    PORTAL_RESULT,
    Route,
    acme,
    acme_and,
    acme_type,
    globex,
    globex_type,
)

ROUTES = [
    Route("assessments:result", kwargs=acme_and("result", "result_id"), get=PORTAL_RESULT),
    Route("assessments:export_pdf", kwargs=acme_and("result", "result_id"), get=PORTAL_RESULT),
    Route("assessments:export_csv", kwargs=acme_and("result", "result_id"), get=PORTAL_RESULT),
    Route("assessments:history", kwargs=acme_type, get=PORTAL_READ, own_list_kwargs=globex_type),
    Route("api:result-list", kwargs=acme, get=API_READ, own_list_kwargs=globex),
    Route("api:result-detail", kwargs=acme_and("result", "pk"), get=API_RESULT),
    Route("api:result-pdf", kwargs=acme_and("result", "pk"), get=API_RESULT),
    Route("api:result-csv", kwargs=acme_and("result", "pk"), get=API_RESULT),
    Route(
        "api:result-recompute",
        why_not_org_scoped="a staff-only write: outsiders and members tested in "
        "assessments/tests/test_api.py",
    ),
]
