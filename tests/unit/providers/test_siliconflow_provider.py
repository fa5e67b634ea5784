"""SiliconFlow: /user/info with balance, regions, bare-string errors, sub_type listing."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.http import make_http_client
from modelhub.providers.siliconflow import SiliconFlowProvider

if TYPE_CHECKING:
    from collections.abc import Callable

CN = "https://api.siliconflow.cn/v1"
INTL = "https://api.siliconflow.com/v1"
T = ModelType


async def test_balance_details(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", f"{CN}/user/info", 200, load("siliconflow/user_info.json"))

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is ValidationStatus.VALID
    assert result.details["totalBalance"] == "88.88"
    assert result.details["balance"] == "0.88"
    assert "88.88" in result.message
    assert "email" not in result.details


@pytest.mark.parametrize("total", ["0", "0.00", "-1.5"])
async def test_zero_balance_is_no_credit(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], total: str
) -> None:
    body = load("siliconflow/user_info_zero.json")
    body["data"]["totalBalance"] = total
    fake.json("GET", f"{CN}/user/info", 200, body)

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is ValidationStatus.NO_CREDIT
    assert result.details["totalBalance"] == total


async def test_status_false_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", f"{CN}/user/info", 200, {"code": 30001, "message": "x", "status": False})

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is ValidationStatus.BAD_RESPONSE


@pytest.mark.parametrize(
    ("region", "host", "other"),
    [("cn", CN, "choose region International"), ("intl", INTL, "choose region China")],
)
async def test_401_hints_at_the_other_region(
    fake: FakeAPI,
    make_provider: Callable[[str], ModelProvider],
    region: str,
    host: str,
    other: str,
) -> None:
    fake.json("GET", f"{host}/user/info", 401, load("siliconflow/error_401.json"))

    result = await make_provider("siliconflow").validate(
        {"api_key": KEYS["siliconflow"], "region": region}
    )

    assert result.status is ValidationStatus.INVALID_CREDENTIALS
    assert "Api key is invalid" in result.message  # the bare JSON string body, parsed
    assert other in (result.hint or "")


async def test_explicit_base_url_overrides_region(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json(
        "GET",
        "https://api.ap.siliconflow.com/v1/user/info",
        200,
        load("siliconflow/user_info.json"),
    )

    result = await make_provider("siliconflow").validate(
        {
            "api_key": KEYS["siliconflow"],
            "region": "cn",
            "base_url": "https://api.ap.siliconflow.com/v1",
        }
    )

    assert result.status is ValidationStatus.VALID
    assert fake.requests[0].url.host == "api.ap.siliconflow.com"


def test_region_field(make_provider: Callable[[str], ModelProvider]) -> None:
    adapter = make_provider("siliconflow")
    region = adapter.info.field("region")
    assert region is not None
    assert region.default == "cn"
    assert region.choices == (
        ("cn", "China (api.siliconflow.cn)"),
        ("intl", "International (api.siliconflow.com)"),
    )
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"api_key": "k", "region": "eu"})


async def test_403_is_restricted_with_real_name_hint(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", f"{CN}/user/info", 403, load("siliconflow/error_403.json"))

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is ValidationStatus.RESTRICTED
    assert "real-name" in (result.hint or "")


async def test_plain_text_404_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.add("GET", f"{CN}/user/info", httpx.Response(404, text="404 page not found"))

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is ValidationStatus.BAD_RESPONSE
    assert "404 page not found" in result.message


def _by_sub_type(request: httpx.Request) -> httpx.Response:
    lists = load("siliconflow/models_by_sub_type.json")
    sub = request.url.params.get("sub_type")
    if sub not in lists:
        return httpx.Response(200, json=load("siliconflow/models_unfiltered.json"))
    return httpx.Response(200, json=lists[sub])


async def test_list_models_one_query_per_type(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.add("GET", f"{CN}/models", _by_sub_type)

    models = await make_provider("siliconflow").list_models({"api_key": KEYS["siliconflow"]})

    got = {m.id: m.model_type for m in models}
    assert got["deepseek-ai/DeepSeek-V3"] is T.LLM
    assert got["Pro/deepseek-ai/DeepSeek-V3.2"] is T.LLM
    assert got["THUDM/glm-4-9b-chat"] is T.LLM
    assert got["BAAI/bge-m3"] is T.EMBEDDING
    assert got["Pro/BAAI/bge-m3"] is T.EMBEDDING
    assert got["Qwen/Qwen3-Reranker-8B"] is T.RERANK
    assert got["netease-youdao/bce-reranker-base_v1"] is T.RERANK
    assert got["FunAudioLLM/CosyVoice2-0.5B"] is T.TTS
    assert got["fnlp/MOSS-TTSD-v0.5"] is T.TTS
    assert got["FunAudioLLM/SenseVoiceSmall"] is T.SPEECH_TO_TEXT
    assert got["TeleAI/TeleSpeechASR"] is T.SPEECH_TO_TEXT
    assert "stabilityai/stable-diffusion-xl-base-1.0" not in got
    assert len(models) == 19
    assert sorted(r.url.params["sub_type"] for r in fake.requests) == sorted(
        ["chat", "embedding", "reranker", "text-to-speech", "speech-to-text"]
    )


async def test_list_queries_run_concurrently() -> None:
    in_flight = 0
    peak = 0
    all_arrived = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if in_flight == 5:
            all_arrived.set()
        await asyncio.wait_for(all_arrived.wait(), 10)
        in_flight -= 1
        return _by_sub_type(request)

    async with make_http_client(httpx.MockTransport(handler)) as client:
        models = await SiliconFlowProvider(client).list_models({"api_key": KEYS["siliconflow"]})

    assert peak == 5
    assert len(models) == 19


async def test_unknown_sub_type_contributes_nothing(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("sub_type") == "text-to-speech":
            return httpx.Response(400, json=load("siliconflow/error_400.json"))
        return _by_sub_type(request)

    fake.add("GET", f"{CN}/models", handler)

    models = await make_provider("siliconflow").list_models({"api_key": KEYS["siliconflow"]})

    assert T.TTS not in {m.model_type for m in models}
    assert len(models) == 17


async def test_one_failing_sub_type_fails_the_listing(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("sub_type") == "reranker":
            return httpx.Response(401, json=load("siliconflow/error_401.json"))
        return _by_sub_type(request)

    fake.add("GET", f"{CN}/models", handler)

    with pytest.raises(ProviderCallError) as err:
        await make_provider("siliconflow").list_models({"api_key": KEYS["siliconflow"]})

    assert err.value.result.status is ValidationStatus.INVALID_CREDENTIALS
