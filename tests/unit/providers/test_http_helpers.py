"""The shared request helper: client settings, redirects, caps, scrubbing."""

from __future__ import annotations

import httpx
import pytest
from provider_doubles import BigBody

from modelhub.domain.models import ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.http import (
    make_http_client,
    provider_error_text,
    request_json,
    scrub,
    user_agent,
)

KEY = "sk-VKMIsQ2w3e4r5t6y7u8i9o0pAaBbCcDdEeFfGgHhwjh3"


async def test_client_settings() -> None:
    async with make_http_client() as client:
        assert client.follow_redirects is False
        assert client.timeout.connect == 5.0
        assert client.timeout.read == 30.0
        assert client.timeout.write == 30.0
        assert client.timeout.pool == 5.0
        assert client.headers["user-agent"] == user_agent()
    assert user_agent().startswith("ModelHub/")


async def test_redirect_not_followed_even_by_a_client_that_would() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.example.com":
            return httpx.Response(307, headers={"location": "https://other.example/x"})
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(handler)
    async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
        with pytest.raises(ProviderCallError) as err:
            await request_json(
                client,
                "GET",
                "https://api.example.com/v1/models",
                headers={"Authorization": f"Bearer {KEY}"},
            )
    assert [r.url.host for r in seen] == ["api.example.com"]
    assert err.value.result.status is ValidationStatus.BAD_RESPONSE
    assert "other.example" in err.value.result.message


async def test_cap_is_configurable() -> None:
    big = BigBody(3 * 1024 * 1024)
    transport = httpx.MockTransport(lambda _r: httpx.Response(200, content=big.__aiter__()))
    async with make_http_client(transport) as client:
        with pytest.raises(ProviderCallError) as err:
            await request_json(client, "GET", "https://a.example/x", headers={}, max_bytes=100_000)
    assert "stopped reading" in err.value.result.message
    assert big.pulled <= 100_000 + len(BigBody.CHUNK)


def test_scrub_masks_the_key_and_its_fragments() -> None:
    text = (
        f"Incorrect API key provided: {KEY[:8]}****{KEY[-4:]}. Also {KEY}. "
        f"Header: Authorization: Bearer {KEY}; middle {KEY[10:30]}"
    )
    out = scrub(text, [KEY])
    for i in range(len(KEY) - 7):
        assert KEY[i : i + 8] not in out
    assert "Bearer ***" in out


@pytest.mark.parametrize(
    "text",
    [
        "key sk-or-v1-0123456789abcdef0123456789abcdef was rejected",
        "key jina_0123456789abcdef0123456789abcdef was rejected",
        "Authorization: Bearer abc.def.ghi",
        "token 0123456789abcdefghij0123456789abcdefghijKLMN",
    ],
)
def test_scrub_masks_generic_key_shapes(text: str) -> None:
    out = scrub(text)
    assert "***" in out
    assert "0123456789abcdef0123" not in out
    assert "abc.def.ghi" not in out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"message": "m1", "type": "t"}}, "m1"),
        ({"error": {"code": 401, "message": "m2"}}, "m2"),
        ({"detail": "m3", "code": "X"}, "m3"),
        ({"detail": [{"loc": ["body", "model"], "msg": "bad"}]}, "body.model: bad"),
        ({"detail": "v", "errors": [{"message": "e"}]}, "v"),
        ({"code": 20012, "message": "m4", "data": None}, "m4"),
        ("Api key is invalid", "Api key is invalid"),
        ({"nothing": 1}, None),
        (None, None),
    ],
)
def test_provider_error_text_shapes(body: object, expected: str | None) -> None:
    assert provider_error_text(body) == expected


async def test_provider_text_is_truncated() -> None:
    long = "x " * 1000
    transport = httpx.MockTransport(
        lambda _r: httpx.Response(400, json={"error": {"message": long}})
    )
    async with make_http_client(transport) as client:
        reply = await request_json(client, "GET", "https://a.example/x", headers={})
    assert reply.error_text is not None
    assert len(reply.error_text) <= 300
