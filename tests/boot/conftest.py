# Makes the harness modules (abi, harness, scenarios) importable from the
# boot tests, whichever directory pytest runs from.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
