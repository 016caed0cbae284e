"""One test per boot scenario (scenarios.py) and per sampled matrix cell
(matrix.py), run by the harness."""
import pytest

import harness
from matrix import SAMPLE
from scenarios import SCENARIOS

# Every scenario, and a sample of the machine matrix (the rest: make test-matrix).
BOOTS = SCENARIOS + SAMPLE


@pytest.mark.parametrize("sc", BOOTS, ids=[s.name for s in BOOTS])
def test_boot(sc):
    harness.run(sc)
