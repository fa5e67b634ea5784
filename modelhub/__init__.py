"""ModelHub: a desktop admin for LLM model providers across tenant workspaces."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("modelhub")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
