"""Bad input gets a clear error and stores nothing (issue 2, "Bad input and faults")."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from support.fake_providers import GOOD_KEY, FakeProviders

from modelhub.domain.errors import InvalidInputError, UnknownProviderError
from modelhub.providers.base import parse_config_json

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services


def _config_rows(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM provider_configs")).scalar_one())


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"api_key": ""}, "The API key is empty"),
        ({"api_key": "   "}, "The API key is empty"),
        ({}, "The API key is empty"),
        ({"api_key": "sk-a b"}, "spaces or control characters"),
        ({"api_key": GOOD_KEY, "model": "x"}, "Unknown config field"),
        ({"api_key": 12345}, "must be text"),
        ({"api_key": GOOD_KEY, "base_url": "ftp://x"}, "not a valid http"),
        ({"api_key": GOOD_KEY, "base_url": "http://api.example.com/v1"}, "unencrypted"),
        ({"api_key": GOOD_KEY, "base_url": "https://user:pw@api.example.com"}, "user name"),
        ({"api_key": "k" * 5000}, "at most 4,096"),
    ],
)
async def test_bad_configs_are_refused_before_any_request(
    services: Services, tenant: str, fake: FakeProviders, config: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        await services.providers.save(tenant, "openai", config)
    assert fake.requests == []
    assert _config_rows(services) == 0


async def test_unknown_provider(services: Services, tenant: str) -> None:
    with pytest.raises(UnknownProviderError, match="Unknown provider 'nosuch'") as info:
        await services.providers.save(tenant, "nosuch", {"api_key": GOOD_KEY})
    assert "providers catalog" in (info.value.hint or "")


async def test_loopback_http_is_fine(services: Services, tenant: str) -> None:
    checked = services.providers.check_config(
        "openai", {"api_key": GOOD_KEY, "base_url": "http://127.0.0.1:11434/v1/"}
    )
    assert checked["base_url"] == "http://127.0.0.1:11434/v1"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object, not list"),
        ('"sk-abc"', "must be a JSON object, not str"),
        ("", "not valid JSON"),
    ],
)
def test_config_documents(document: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_config_json(document)


def test_ten_megabyte_config_is_refused_without_parsing() -> None:
    huge = json.dumps({"api_key": GOOD_KEY, "padding": "x" * (10 * 1024 * 1024)})
    with pytest.raises(InvalidInputError, match="at most 65,536 are accepted"):
        parse_config_json(huge)
