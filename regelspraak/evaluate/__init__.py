"""Exact evaluation: runtime value semantics, the reference interpreter and its traces."""
