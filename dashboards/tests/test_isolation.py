"""dashboards' routes through the cross-tenant matrix (config/testing/isolation.py): each persona
gets the expected answer, Acme's rows stay out of the outsider's own lists."""

from config.testing import isolation
from dashboards.tests.isolation_routes import ROUTES

isolation.checks_for(ROUTES, globals())
