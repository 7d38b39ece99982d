"""Benchmark harness for Lingodocs (`make bench`; not part of `make test`)."""
