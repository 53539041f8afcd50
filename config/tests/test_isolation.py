"""config's routes through the cross-tenant matrix (config/testing/isolation.py): every route here
is outside any organisation and says why."""

from config.testing import isolation
from config.tests.isolation_routes import ROUTES

isolation.checks_for(ROUTES, globals())
