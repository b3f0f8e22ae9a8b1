"""Helpers for the tests, notebooks and benchmarks (starting servers on 127.0.0.1); not part of
the installed library."""
