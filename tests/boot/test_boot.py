"""One test per boot scenario (scenarios.py), run by the harness."""
import pytest

import harness
from scenarios import SCENARIOS


@pytest.mark.parametrize("sc", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_boot(sc):
    harness.run(sc)
