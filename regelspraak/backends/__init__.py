"""Backends: turn a checked Model into code that computes the same results as the interpreter.

`python.py` writes one readable scalar Python module per model (runtime: `regelspraak.runtime`).
"""
