"""The ``mh1`` envelope: AES-256-GCM encryption of a provider config, bound to its row.

A stored value looks like ``mh1.<kid>.<nonce>.<ciphertext>`` (see ``docs/encryption.md`` and
SECURITY.md §1, which other programs decrypt from, so every detail here is a contract):

* ``kid``: the first 8 lowercase hex characters of SHA-256 over the 32 raw key bytes;
* ``nonce``: 12 fresh random bytes, base64url without padding;
* ``ciphertext``: AES-256-GCM output (encrypted bytes then the full 16-byte tag), base64url
  without padding;
* associated data: the UTF-8 bytes of ``"mh1\\n" + kid + "\\n" + tenant_id + "\\n" + provider``;
* plaintext: the config object as compact UTF-8 JSON.

Nothing in this module puts key bytes, plaintext or token contents into an exception message
or a ``repr()``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from modelhub.domain.errors import (
    CryptoFormatError,
    DecryptionError,
    InvalidInputError,
    KeyConfigError,
)

__all__ = [
    "KEY_BYTES",
    "KEY_GENERATION_HINT",
    "NONCE_BYTES",
    "TAG_BYTES",
    "VERSION",
    "Cipher",
    "generate_key_hex",
    "key_id",
    "parse_hex_key",
]

VERSION: Final = "mh1"
KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12
TAG_BYTES: Final = 16
KEY_GENERATION_HINT: Final = (
    "generate one with `openssl rand -hex 32` or "
    '`python -c "import secrets; print(secrets.token_hex(32))"`'
)
DECRYPT_FAILED_MESSAGE: Final = "cannot decrypt: key mismatch or tampered value"

_HEX_KEY_RE: Final = re.compile(r"[0-9a-fA-F]{64}")
_HEX_CHARS_RE: Final = re.compile(r"[0-9a-fA-F]*")
_KID_RE: Final = re.compile(r"[0-9a-f]{8}")
_B64URL_RE: Final = re.compile(r"[A-Za-z0-9_-]*")
# Only something shaped like a version tag is ever echoed back; any other first segment might
# be a secret that was stored unencrypted by mistake.
_VERSION_LIKE_RE: Final = re.compile(r"mh[0-9]{1,4}")


def key_id(key: bytes) -> str:
    """Return the key id (``kid``) of a raw key.

    Args:
        key: The 32 raw key bytes.

    Returns:
        The first 8 lowercase hex characters of SHA-256 over ``key``.

    Raises:
        KeyConfigError: ``key`` is not 32 bytes.
    """
    _check_raw_key(key)
    return hashlib.sha256(key).hexdigest()[:8]


def parse_hex_key(text: str, *, name: str = "ENCRYPTION_KEY") -> bytes:
    """Turn a 64-character hex key into its 32 raw bytes, refusing anything else.

    There is no hashing, padding, truncating or trimming: a key that is not exactly 64 hex
    characters is refused with a message saying what is wrong (never echoing the value).

    Args:
        text: The key as written by the user (upper- or lowercase hex).
        name: The setting the key came from, used in the message.

    Returns:
        The 32 key bytes.

    Raises:
        KeyConfigError: The key is empty, has the wrong length, or is not hexadecimal.
    """
    if not isinstance(text, str):
        raise KeyConfigError(f"{name} must be text", KEY_GENERATION_HINT)
    if _HEX_KEY_RE.fullmatch(text):
        return bytes.fromhex(text)
    raise KeyConfigError(_describe_bad_key(text, name), KEY_GENERATION_HINT)


def _describe_bad_key(text: str, name: str) -> str:
    required = "it must be exactly 64 hexadecimal characters (32 bytes)"
    if text == "":
        return f"{name} is empty; {required}"
    if text.strip() != text:
        return f"{name} has leading or trailing whitespace; {required}"
    if len(text) != 64 and _HEX_CHARS_RE.fullmatch(text):
        return f"{name} has {len(text)} characters; {required}"
    if len(text) != 64:
        return f"{name} has {len(text)} characters and is not hexadecimal; {required}"
    return f"{name} has 64 characters but is not hexadecimal (only 0-9 and a-f); {required}"


def generate_key_hex() -> str:
    """Return a fresh random key as 64 lowercase hex characters."""
    return secrets.token_hex(KEY_BYTES)


def _check_raw_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise KeyConfigError(
            f"an encryption key must be exactly {KEY_BYTES} bytes", KEY_GENERATION_HINT
        )


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(segment: str, what: str) -> bytes:
    """Decode strict unpadded base64url: the result must re-encode to exactly ``segment``."""
    if not _B64URL_RE.fullmatch(segment) or len(segment) % 4 == 1:
        raise CryptoFormatError(f"the {what} is not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise CryptoFormatError(f"the {what} is not unpadded base64url") from None
    if _b64encode(data) != segment:
        raise CryptoFormatError(f"the {what} is not canonical base64url")
    return data


def _parse(token: str) -> tuple[str, bytes, bytes]:
    """Split a stored value into (kid, nonce, ciphertext-with-tag) or raise CryptoFormatError."""
    if not isinstance(token, str):
        raise CryptoFormatError("the stored value is not text")
    parts = token.split(".")
    version = parts[0]
    if version != VERSION:
        if _VERSION_LIKE_RE.fullmatch(version):
            raise CryptoFormatError(
                f"unsupported format version {version!r}; this ModelHub reads {VERSION}",
                "upgrade ModelHub to read values written by a newer version",
            )
        raise CryptoFormatError(
            f"the stored value is not an encrypted {VERSION} value (unknown format version)"
        )
    if len(parts) != 4:
        raise CryptoFormatError(
            f"the stored value has {len(parts)} dot-separated parts; an {VERSION} value has 4"
        )
    _, kid, nonce_text, ciphertext_text = parts
    if not _KID_RE.fullmatch(kid):
        raise CryptoFormatError("the key id is not 8 lowercase hex characters")
    nonce = _b64decode(nonce_text, "nonce")
    if len(nonce) != NONCE_BYTES:
        raise CryptoFormatError(f"the nonce is {len(nonce)} bytes; it must be {NONCE_BYTES}")
    ciphertext = _b64decode(ciphertext_text, "ciphertext")
    if len(ciphertext) < TAG_BYTES:
        raise CryptoFormatError(
            f"the ciphertext is {len(ciphertext)} bytes, shorter than the {TAG_BYTES}-byte tag"
        )
    return kid, nonce, ciphertext


def _check_id(value: str, what: str) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(f"the {what} must be text")
    if "\n" in value:
        raise InvalidInputError(f"the {what} must not contain a newline")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"the {what} is not valid Unicode text") from None


def _associated_data(kid: str, tenant_id: str, provider: str) -> bytes:
    _check_id(tenant_id, "tenant id")
    _check_id(provider, "provider name")
    return f"{VERSION}\n{kid}\n{tenant_id}\n{provider}".encode()


def _serialize(config: Mapping[str, Any]) -> bytes:
    if not isinstance(config, Mapping):
        raise InvalidInputError("a provider config must be a JSON object (a mapping)")
    try:
        text = json.dumps(dict(config), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except (TypeError, ValueError):
        # The exception text could quote a value from the config: never pass it on.
        raise InvalidInputError("the provider config cannot be stored as JSON") from None


class Cipher:
    """Encrypts with the current key and decrypts with the current or a previous key.

    Args:
        current: The 32 raw bytes of the key that encrypts.
        previous: Older keys (32 raw bytes each) still accepted for decryption, chosen by kid.

    Raises:
        KeyConfigError: A key is not 32 bytes, or two different keys share a kid.
    """

    __slots__ = ("_aeads", "_current_kid")

    def __init__(self, current: bytes, previous: Sequence[bytes] = ()) -> None:
        self._current_kid = key_id(current)
        self._aeads: dict[str, AESGCM] = {self._current_kid: AESGCM(bytes(current))}
        seen: dict[str, bytes] = {self._current_kid: bytes(current)}
        for key in previous:
            kid = key_id(key)
            if kid in seen:
                if seen[kid] != bytes(key):
                    raise KeyConfigError(
                        f"two different encryption keys share the key id {kid}",
                        "drop one of them; " + KEY_GENERATION_HINT,
                    )
                continue
            seen[kid] = bytes(key)
            self._aeads[kid] = AESGCM(bytes(key))

    def __repr__(self) -> str:
        return f"Cipher(current_kid={self._current_kid!r}, kids={self.kids!r})"

    @property
    def current_kid(self) -> str:
        """The kid of the key that encrypts."""
        return self._current_kid

    @property
    def kids(self) -> tuple[str, ...]:
        """The kids of every loaded key, the current one first."""
        return tuple(self._aeads)

    def encrypt(self, config: Mapping[str, Any], tenant_id: str, provider: str) -> str:
        """Encrypt a provider config for one row.

        Args:
            config: The config object (JSON-serializable mapping).
            tenant_id: The workspace the row belongs to (no newline).
            provider: The provider name of the row (no newline).

        Returns:
            The stored string ``mh1.<kid>.<nonce>.<ciphertext>``.

        Raises:
            InvalidInputError: The config is not a JSON object, or an id contains a newline.
        """
        return self._encrypt_with_nonce(config, tenant_id, provider, os.urandom(NONCE_BYTES))

    def _encrypt_with_nonce(
        self, config: Mapping[str, Any], tenant_id: str, provider: str, nonce: bytes
    ) -> str:
        """Encrypt with a given nonce. Only for fixed test vectors: never reuse a nonce."""
        if len(nonce) != NONCE_BYTES:
            raise ValueError(f"the nonce must be {NONCE_BYTES} bytes")
        aad = _associated_data(self._current_kid, tenant_id, provider)
        plaintext = _serialize(config)
        ciphertext = self._aeads[self._current_kid].encrypt(nonce, plaintext, aad)
        return ".".join((VERSION, self._current_kid, _b64encode(nonce), _b64encode(ciphertext)))

    def decrypt(self, token: str, tenant_id: str, provider: str) -> dict[str, Any]:
        """Decrypt a stored value of one row.

        Args:
            token: The stored string.
            tenant_id: The workspace of the row it was read from.
            provider: The provider name of the row it was read from.

        Returns:
            The config object.

        Raises:
            CryptoFormatError: ``token`` is not a well-formed ``mh1`` value.
            DecryptionError: No loaded key has the token's kid, or authentication failed (wrong
                key, tampered value, value moved from another row), or the plaintext is not a
                JSON object.
            InvalidInputError: ``tenant_id`` or ``provider`` contains a newline.
        """
        kid, nonce, ciphertext = _parse(token)
        aad = _associated_data(kid, tenant_id, provider)
        aead = self._aeads.get(kid)
        if aead is None:
            raise DecryptionError(
                f"cannot decrypt: no loaded encryption key has key id {kid}",
                "load the key with that id as ENCRYPTION_KEY or in ENCRYPTION_KEY_PREVIOUS",
            )
        try:
            plaintext = aead.decrypt(nonce, ciphertext, aad)
        except InvalidTag:
            raise DecryptionError(
                DECRYPT_FAILED_MESSAGE,
                "the value was written with another key, edited, or copied from another "
                "workspace or provider; enter the provider's API key again",
            ) from None
        try:
            config = json.loads(plaintext.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            config = None
        if not isinstance(config, dict):
            raise DecryptionError("cannot decrypt: the decrypted value is not a JSON object")
        return config

    @staticmethod
    def kid_of(token: str) -> str:
        """Return the kid of a stored value.

        Raises:
            CryptoFormatError: ``token`` is not a well-formed ``mh1`` value.
        """
        return _parse(token)[0]

    def needs_rotation(self, token: str) -> bool:
        """Whether a stored value was written with a key other than the current one.

        Raises:
            CryptoFormatError: ``token`` is not a well-formed ``mh1`` value.
        """
        return self.kid_of(token) != self._current_kid
