"""Adapters per API family: the code behind the provider descriptions in ``catalog/``."""
