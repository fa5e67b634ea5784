"""The documented decryption snippets (Python and Node.js) read the fixed vector.

These prove the format in ``docs/encryption.md`` is enough for another program to decrypt a
stored value. Node.js is required: if ``node`` is missing the test fails, it never skips.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SNIPPETS = ROOT / "docs" / "snippets"
DOC = ROOT / "docs" / "encryption.md"


def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail(
            "Node.js (`node`) is not on PATH: install Node 18+ to check docs/snippets/decrypt.mjs"
        )
    return path


def command(language: str) -> list[str]:
    if language == "python":
        return [sys.executable, str(SNIPPETS / "decrypt.py")]
    return [node(), str(SNIPPETS / "decrypt.mjs")]


def run(language: str, key_hex: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ENCRYPTION_KEY": key_hex, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*command(language), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


LANGUAGES = ["python", "node"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_snippet_decrypts_the_fixed_vector(language: str, mh1_vector: dict[str, Any]) -> None:
    result = run(
        language,
        mh1_vector["key_hex"],
        mh1_vector["tenant_id"],
        mh1_vector["provider"],
        mh1_vector["stored"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == mh1_vector["plaintext"] + "\n"
    assert json.loads(result.stdout) == json.loads(mh1_vector["plaintext"])


def tampered_cases(vector: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(key, tenant, provider, stored) variants that must not decrypt."""
    version, kid, nonce, ciphertext = vector["stored"].split(".")
    raw = base64.urlsafe_b64decode(ciphertext + "=" * (-len(ciphertext) % 4))
    tag4 = base64.urlsafe_b64encode(raw[:-12]).rstrip(b"=").decode()  # keeps a 4-byte tag
    key, tenant, provider, stored = (
        vector[n] for n in ("key_hex", "tenant_id", "provider", "stored")
    )
    return [
        (key, tenant + "x", provider, stored),
        (key, tenant, "anthropic", stored),
        (key, tenant, provider, f"{version}.{kid}.{nonce}.{tag4}"),
        (key, tenant, provider, f"mh2.{kid}.{nonce}.{ciphertext}"),
        (key, tenant, provider, f"{version}.{kid}.{nonce[::-1]}.{ciphertext}"),
        ("00" * 32, tenant, provider, stored),
        (key[:-2], tenant, provider, stored),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_snippet_refuses_wrong_rows_keys_and_short_tags(
    language: str, mh1_vector: dict[str, Any]
) -> None:
    for key, tenant, provider, stored in tampered_cases(mh1_vector):
        result = run(language, key, tenant, provider, stored)
        assert result.returncode == 1, (tenant, provider, stored)
        assert result.stdout == ""
        assert "cannot decrypt" in result.stderr
        assert "sk-test" not in result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_snippet_needs_three_arguments(language: str, mh1_vector: dict[str, Any]) -> None:
    result = run(language, mh1_vector["key_hex"], "only-one")
    assert result.returncode == 2
    assert "ENCRYPTION_KEY" in result.stderr


@pytest.mark.parametrize("name", ["decrypt.py", "decrypt.mjs"])
def test_the_doc_shows_each_snippet_verbatim(name: str) -> None:
    text = (SNIPPETS / name).read_text(encoding="utf-8")
    assert text in DOC.read_text(encoding="utf-8"), f"docs/encryption.md is out of date: {name}"
