"""Benchmarks for nemo-widgets: every speed and memory claim, measured against a baseline in the same run.

Run ``python -m bench --quick`` (under 2 minutes) or ``python -m bench`` (the full run).
"""
