"""Decrypt one ModelHub ``mh1`` value. Needs only the ``cryptography`` package.

Usage:
    ENCRYPTION_KEY=<64 hex chars> python decrypt.py <tenant_id> <provider> <stored value>

Prints the provider config JSON. Exits with status 1 and a message if the value does not
decrypt. The key is read from the environment, never from the command line, so it does not
show up in the process list.
"""

import base64
import hashlib
import json
import os
import re
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def b64url_decode(text: str) -> bytes:
    """Decode strict base64url without padding (it must re-encode to the same text)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode() != text:
        raise ValueError("not canonical base64url")
    return data


def decrypt(key_hex: str, tenant_id: str, provider: str, stored: str) -> dict:
    """Return the config object stored in ``stored`` for the row (tenant_id, provider)."""
    if not re.fullmatch(r"[0-9a-fA-F]{64}", key_hex):
        raise ValueError("ENCRYPTION_KEY must be exactly 64 hex characters")
    key = bytes.fromhex(key_hex)
    parts = stored.split(".")
    if len(parts) != 4 or parts[0] != "mh1":
        raise ValueError("not an mh1 value")
    version, kid, nonce_text, ciphertext_text = parts
    if kid != hashlib.sha256(key).hexdigest()[:8]:
        raise ValueError(f"the value was encrypted with key id {kid}, not this key")
    nonce = b64url_decode(nonce_text)
    ciphertext = b64url_decode(ciphertext_text)  # encrypted bytes + 16-byte tag
    if len(nonce) != 12 or len(ciphertext) < 16:
        raise ValueError("bad nonce or truncated tag")
    aad = f"{version}\n{kid}\n{tenant_id}\n{provider}".encode()
    plaintext = AESGCM(key).decrypt(nonce, ciphertext, aad)
    config = json.loads(plaintext.decode("utf-8"))
    if not isinstance(config, dict):
        raise ValueError("the plaintext is not a JSON object")
    return config


def main() -> int:
    """Command-line entry point."""
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    tenant_id, provider, stored = sys.argv[1:]
    try:
        config = decrypt(os.environ.get("ENCRYPTION_KEY", ""), tenant_id, provider, stored)
    except InvalidTag:
        print("cannot decrypt: key mismatch or tampered value", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"cannot decrypt: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(config, ensure_ascii=False, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
