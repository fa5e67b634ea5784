"""SECURITY.md §2.7: the AES-256-GCM primitive the envelope uses passes public vectors.

The vectors (``vectors/aes256gcm_kat.json``) come from the GCM specification by McGrew and
Viega (test cases 13-16, the 256-bit-key cases) and NIST CAVP ``gcmEncryptExtIV256.rsp``.
Valid vectors must decrypt to the expected plaintext; every altered one must be rejected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.exceptions import InvalidTag

from modelhub.crypto.envelope import Cipher, key_id

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "vectors" / "aes256gcm_kat.json").read_text(encoding="utf-8")
)["vectors"]
IDS = [vector["name"] for vector in VECTORS]


def unhex(vector: dict[str, Any], name: str) -> bytes:
    return bytes.fromhex(vector[name])


def aead_of(vector: dict[str, Any]) -> AESGCM:
    """The exact AESGCM object a Cipher holds for this key (the envelope's low-level call)."""
    key = unhex(vector, "key")
    aead: AESGCM = Cipher(key)._aeads[key_id(key)]
    return aead


def test_vectors_are_loaded() -> None:
    assert len(VECTORS) >= 6
    assert all(
        len(bytes.fromhex(v["key"])) == 32 and len(bytes.fromhex(v["iv"])) == 12 for v in VECTORS
    )


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_valid_vector_decrypts(vector: dict[str, Any]) -> None:
    sealed = unhex(vector, "ct") + unhex(vector, "tag")
    plaintext = aead_of(vector).decrypt(unhex(vector, "iv"), sealed, unhex(vector, "aad"))
    assert plaintext == unhex(vector, "pt")


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_valid_vector_encrypts(vector: dict[str, Any]) -> None:
    sealed = aead_of(vector).encrypt(unhex(vector, "iv"), unhex(vector, "pt"), unhex(vector, "aad"))
    assert sealed == unhex(vector, "ct") + unhex(vector, "tag")


def altered(vector: dict[str, Any]) -> list[tuple[str, bytes, bytes, bytes]]:
    """(what, iv, sealed, aad) variants that must all be rejected."""
    iv, ct, tag, aad = (unhex(vector, n) for n in ("iv", "ct", "tag", "aad"))
    flip_tag = tag[:-1] + bytes([tag[-1] ^ 0x01])
    cases = [
        ("tag last bit", iv, ct + flip_tag, aad),
        ("tag first byte", iv, ct + bytes([tag[0] ^ 0x80]) + tag[1:], aad),
        ("tag truncated to 12", iv, ct + tag[:12], aad),
        ("tag zeroed", iv, ct + bytes(16), aad),
        ("iv", bytes([iv[0] ^ 0x01]) + iv[1:], ct + tag, aad),
        ("aad added", iv, ct + tag, aad + b"\x00"),
    ]
    if ct:
        cases.append(("ciphertext", iv, bytes([ct[0] ^ 0x01]) + ct[1:], aad))
    if aad:
        cases.append(("aad removed", iv, ct + tag, b""))
    return cases


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_altered_vector_is_rejected(vector: dict[str, Any]) -> None:
    aead = aead_of(vector)
    for what, iv, sealed, aad in altered(vector):
        with pytest.raises(InvalidTag):
            aead.decrypt(iv, sealed, aad)
        assert what
