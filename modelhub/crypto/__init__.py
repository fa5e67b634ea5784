"""The ``mh1`` encrypted-config envelope and the sources of the encryption key.

See ``docs/encryption.md`` for the stored format (a contract other programs decrypt).
"""

from modelhub.crypto.envelope import (
    Cipher,
    generate_key_hex,
    key_id,
    parse_hex_key,
)
from modelhub.crypto.keys import (
    KeyMaterial,
    create_and_store_key,
    load_keys,
    store_new_current_key,
)

__all__ = [
    "Cipher",
    "KeyMaterial",
    "create_and_store_key",
    "generate_key_hex",
    "key_id",
    "load_keys",
    "parse_hex_key",
    "store_new_current_key",
]
