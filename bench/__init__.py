"""Benchmarks: scripts run by hand against the synthetic graph, not tests."""
