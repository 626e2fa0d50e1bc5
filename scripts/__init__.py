"""Developer tooling beside the service: data synthesis, training, benchmarks, data builds, device runs.

Every tool runs from the checkout root as ``python -m scripts.<area>.<tool>``; tests import the
libraries under ``scripts.synthesis`` and ``scripts.training`` the same way.
"""
