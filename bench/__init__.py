"""Benchmarks and budgets: `./dev bench` (see README, Performance)."""
