"""Benchmarks of tei_edition, run by hand from the repository root (``python -m benchmarks.…``)."""
