"""Puts tests/ on the import path, so tests in every subfolder import `helpers` and `golden_dump`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
