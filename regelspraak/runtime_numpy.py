"""Compatibility module: the runtime of the vectorized numpy backend now lives in ``regelspraak.vector``.

Modules generated before the split import ``from regelspraak import runtime_numpy as rt``; this module
re-exports the same names (``regelspraak.vector.__all__``), so they keep working.  New code imports
``regelspraak.vector``.
"""
from . import vector as _vector
from .vector import *

__all__ = list(_vector.__all__)
