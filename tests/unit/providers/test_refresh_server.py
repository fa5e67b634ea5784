"""The benchmark's fake-provider server, exercised by the real adapters over real sockets."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from provider_doubles import PROVIDER_CLASSES

from benchmarks.refresh_server import start_server
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.http import make_http_client

if TYPE_CHECKING:
    from collections.abc import Iterator

GOOD = "sk-bench-0123456789abcdefghijklmnopqrstuv"
BAD = "sk-bad-0123456789abcdefghijklmnopqrstuvwx"


@pytest.fixture
def server() -> Iterator[dict[str, str]]:
    urls, stop = start_server(
        delay_s=0.0, sizes={"openai": 40, "openrouter": 400, "jina": 10, "siliconflow": 500}
    )
    try:
        yield urls
    finally:
        stop()


async def test_adapters_against_the_server(
    server: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with make_http_client() as client:
        adapters = {n: cls(client) for n, cls in PROVIDER_CLASSES.items()}
        good = await asyncio.gather(
            *(a.validate({"api_key": GOOD, "base_url": server[n]}) for n, a in adapters.items())
        )
        bad = await asyncio.gather(
            *(a.validate({"api_key": BAD, "base_url": server[n]}) for n, a in adapters.items())
        )
        lists = await asyncio.gather(
            *(a.list_models({"api_key": GOOD, "base_url": server[n]}) for n, a in adapters.items())
        )
    assert [r.status for r in good] == [ValidationStatus.VALID] * 4
    assert [r.status for r in bad] == [ValidationStatus.INVALID_CREDENTIALS] * 4
    counts = {n: len(models) for n, models in zip(adapters, lists, strict=True)}
    assert counts == {"openai": 40, "openrouter": 350, "jina": 10, "siliconflow": 500}
    sf_types = Counter(m.model_type for m in lists[3])
    assert sf_types == dict.fromkeys(ModelType, 100)
    assert "HTTP Request" in caplog.text  # httpx did log at DEBUG/INFO
    for key in (GOOD, BAD):
        for i in range(len(key) - 11):
            assert key[i : i + 12] not in caplog.text


def test_per_provider_delay_and_stop() -> None:
    urls, stop = start_server(delay_s={"jina": 0.05}, sizes={"siliconflow": 10})
    stop()
    assert set(urls) == {"openai", "openrouter", "jina", "siliconflow"}
    assert urls["openai"].endswith("/openai/v1")
