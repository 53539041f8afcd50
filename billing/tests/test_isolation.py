"""billing's routes through the cross-tenant matrix (config/testing/isolation.py): each persona
gets the expected answer, an outsider's write lands nowhere, Acme's rows stay out of the
outsider's own lists."""

from billing.tests.isolation_routes import ROUTES
from config.testing import isolation

isolation.checks_for(ROUTES, globals())
