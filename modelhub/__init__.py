"""ModelHub: a desktop admin for LLM model providers across tenant workspaces."""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache
def _version() -> str:
    # importlib.metadata costs ~40 ms to import; only --version and the HTTP User-Agent
    # need the version, so it is looked up when first asked for, not on every start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("modelhub")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'modelhub' has no attribute {name!r}")
