"""Validating the four providers together runs them concurrently (asserted structurally)."""

from __future__ import annotations

import asyncio

import httpx
from provider_doubles import KEYS, PROVIDER_CLASSES, load

from modelhub.domain.models import ValidationStatus
from modelhub.providers.http import make_http_client

BODIES = {
    "api.openai.com": load("openai/models.json"),
    "openrouter.ai": load("openrouter/key.json"),
    "api.jina.ai": load("jina/embeddings.json"),
    "api.siliconflow.cn": load("siliconflow/user_info.json"),
}


async def test_four_providers_are_in_flight_together() -> None:
    in_flight = 0
    peak = 0
    all_arrived = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if in_flight == 4:
            all_arrived.set()
        # No provider answers until all four requests are open at once; run serially,
        # this would never complete (wait_for turns that into a failure, not a hang).
        await asyncio.wait_for(all_arrived.wait(), 10)
        in_flight -= 1
        return httpx.Response(200, json=BODIES[request.url.host])

    async with make_http_client(httpx.MockTransport(handler)) as client:
        adapters = {name: cls(client) for name, cls in PROVIDER_CLASSES.items()}
        results = await asyncio.gather(
            *(a.validate({"api_key": KEYS[n]}) for n, a in adapters.items())
        )

    assert peak == 4
    assert [r.status for r in results] == [ValidationStatus.VALID] * 4
