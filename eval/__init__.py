"""Evaluation and benchmarks: metric functions, runners and committed reports."""
