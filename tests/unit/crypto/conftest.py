"""Shared fixtures for the crypto tests: the committed fixed vector and a few keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).parent / "vectors"


@pytest.fixture(scope="session")
def mh1_vector() -> dict[str, Any]:
    """The committed fixed ``mh1`` vector (key, tenant, provider, plaintext, nonce, stored)."""
    data: dict[str, Any] = json.loads((VECTORS / "mh1_vector.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def key_a() -> bytes:
    return bytes(range(32))


@pytest.fixture
def key_b() -> bytes:
    return bytes(range(100, 132))
