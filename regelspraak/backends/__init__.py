"""Backends: generators that turn a checked model into code computing the interpreter's results.

`python/` writes one readable scalar Python module per model (runtime: `backends.python.runtime`);
`numpy/` writes vectorized kernels over whole populations (runtime: `backends.numpy.runtime`).
"""
