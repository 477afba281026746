"""Benchmarks of the event pipeline against the raw Kafka limit, measured side by side."""
