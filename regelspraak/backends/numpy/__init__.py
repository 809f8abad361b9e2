"""The numpy backend: the generator of vectorized kernels and their runtime over whole populations."""
