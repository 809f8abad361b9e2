"""The scalar Python backend: the generator of readable per-attribute modules and case functions, and their runtime."""
