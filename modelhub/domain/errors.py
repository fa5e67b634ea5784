"""The error types every layer raises.

Each error carries a ``message`` (what went wrong, in words a person can act on) and an
optional ``hint`` (what to do about it). Messages never contain a secret: callers must not
interpolate key material into them.
"""

from __future__ import annotations


class ModelHubError(Exception):
    """Base of every expected ModelHub failure.

    Args:
        message: One sentence saying what went wrong.
        hint: Optional advice on how to fix it.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class InvalidInputError(ModelHubError):
    """Input a person supplied is malformed or not allowed (bad JSON, empty key, bad URL...).

    Args:
        message: One sentence saying what went wrong.
        hint: Optional advice on how to fix it.
        field: The config field the error is about (``api_key``, ``base_url`` ...), so a form
            can focus it; None when the error is about the input as a whole.
    """

    def __init__(self, message: str, hint: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message, hint)
        self.field = field


class NotFoundError(ModelHubError):
    """A workspace, provider config, model or default that was asked for does not exist."""


class AlreadyExistsError(ModelHubError):
    """A name that must be unique is taken."""


class UnknownProviderError(InvalidInputError):
    """The provider name is not one ModelHub supports."""


class StorageError(ModelHubError):
    """The database refused a write or a read (disk full, locked, unreachable, corrupt)."""


class KeyConfigError(ModelHubError):
    """The encryption key is missing, malformed, or does not match the stored data."""


class CryptoFormatError(ModelHubError):
    """A stored value is not a well-formed ``mh1`` envelope."""


class DecryptionError(ModelHubError):
    """A stored value failed authentication: wrong key, or a tampered or moved value."""


class ValidationRequiredError(ModelHubError):
    """A config could not be verified and the caller did not choose to save it anyway."""
