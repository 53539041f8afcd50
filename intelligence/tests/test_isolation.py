"""intelligence's routes through the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing import isolation
from intelligence.tests.isolation_routes import ROUTES

isolation.checks_for(ROUTES, globals())
