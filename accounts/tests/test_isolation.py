"""accounts' routes through the cross-tenant matrix (config/testing/isolation.py): every route here
is outside any organisation and says why."""

from accounts.tests.isolation_routes import ROUTES
from config.testing import isolation

isolation.checks_for(ROUTES, globals())
