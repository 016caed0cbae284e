"""One test per machine-matrix cell (matrix.py): `make test-matrix` only,
never part of `make test` (pytest collects test_*.py by default)."""
import pytest

import harness
from matrix import CELLS


@pytest.mark.parametrize("sc", CELLS, ids=[s.name for s in CELLS])
def test_cell(sc):
    harness.run(sc)
