"""Benchmarks (`python -m bench`, `make bench`): measured here, never asserted by timed tests.

Every number is reported as a ratio against a floor measured in the same run on the same file.
"""
