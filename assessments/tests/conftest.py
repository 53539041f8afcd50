import pytest

from scoring.tests import banks
from scoring.tests.banks import FULL_ANSWERS  # noqa: F401 (imported by the app's tests)


@pytest.fixture
def bank(db):
    """The active strategic-maturity bank is the small test bank (every plan includes this type)."""
    return banks.activate_test_bank()
