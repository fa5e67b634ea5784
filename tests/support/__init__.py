"""Test support shared across suites (importable as ``support`` because tests/ is on sys.path)."""
