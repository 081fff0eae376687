"""Evaluation/benchmark suites discovered by ``python -m eval``."""
