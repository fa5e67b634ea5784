"""Providers as data, through the services: keyless and optional-key local servers, custom
endpoints, field-named errors, and a stored secret bound to the address it was saved for.

Real services on SQLite and PostgreSQL; each test's providers are doubles at the transport.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import text
from support.fake_providers import GOOD_KEY, TEST_ENCRYPTION_KEY

from modelhub.crypto.envelope import Cipher
from modelhub.domain.errors import InvalidInputError, NotFoundError
from modelhub.domain.models import ModelType, ProviderInfo, ValidationStatus
from modelhub.paths import AppPaths
from modelhub.providers.registry import builtin_infos, custom_provider_info
from modelhub.services.bootstrap import Services, open_services

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

KEY = "sk-stored-0123456789abcdefSECRET"
HEADER_SECRET = "tok-team-0123456789"

Route = Callable[[httpx.Request], httpx.Response]


class Double:
    """Answers registered ``(method, host, path)`` routes; anything else is unreachable.

    Every request is recorded, answered or not.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str, str], Route] = {}
        self.requests: list[httpx.Request] = []

    def json(self, method: str, url: str, body: Any, status: int = 200) -> None:
        parsed = httpx.URL(url)
        self.routes[(method, parsed.host, parsed.path)] = lambda _r: httpx.Response(
            status, json=body
        )

    def route(self, method: str, url: str, handler: Route) -> None:
        parsed = httpx.URL(url)
        self.routes[(method, parsed.host, parsed.path)] = handler

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.routes.get((request.method, request.url.host, request.url.path))
        if handler is None:
            raise httpx.ConnectError("Connection refused", request=request)
        return handler(request)

    def hosts(self) -> list[str]:
        return [r.url.host for r in self.requests]


MakeServices = Callable[[Double], Services]


@pytest.fixture
async def make_services(db_url: str, tmp_path: Path) -> AsyncIterator[MakeServices]:
    """Builds the service graph on ``db_url`` with a double of the test's own as network."""
    opened: list[Services] = []
    paths = AppPaths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")

    def build(double: Double) -> Services:
        svc = open_services(
            db=db_url,
            environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
            paths=paths,
            http_client=httpx.AsyncClient(
                transport=httpx.MockTransport(double), follow_redirects=False
            ),
            use_keyring=False,
        )
        opened.append(svc)
        return svc

    yield build
    for svc in opened:
        await svc.aclose()
        await svc.http_client.aclose()


async def _default_tenant(services: Services) -> str:
    return (await services.workspaces.get_by_name("Default")).id


def _stored(services: Services, provider: str) -> tuple[str, str] | None:
    with services.engine.connect() as conn:
        row = conn.execute(
            text("SELECT tenant_id, encrypted_config FROM provider_configs WHERE provider = :p"),
            {"p": provider},
        ).first()
    return (row.tenant_id, row.encrypted_config) if row else None


def _decrypt(services: Services, tenant: str, provider: str) -> dict[str, Any]:
    stored = _stored(services, provider)
    assert stored is not None
    material = services.key_material
    cipher = Cipher(material.current, material.previous)
    return dict(cipher.decrypt(stored[1], tenant, provider))


# -- Ollama: no key at all ---------------------------------------------------------------

OLLAMA = "http://127.0.0.1:11434"


def _ollama(double: Double, models: list[str]) -> None:
    capabilities = {
        "llama3.2:latest": ["completion", "tools"],
        "qwen3:8b": ["completion", "thinking"],
        "nomic-embed-text:latest": ["embedding"],
    }
    double.json("GET", f"{OLLAMA}/api/version", {"version": "0.12.6"})

    def tags(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"models": [{"name": m, "model": m, "size": 1} for m in models]}
        )

    def show(request: httpx.Request) -> httpx.Response:
        name = json.loads(request.content)["model"]
        return httpx.Response(
            200,
            json={
                "capabilities": capabilities[name],
                "model_info": {"general.architecture": "llama", "llama.context_length": 8192},
            },
        )

    double.route("GET", f"{OLLAMA}/api/tags", tags)
    double.route("POST", f"{OLLAMA}/api/show", show)


async def test_keyless_ollama_end_to_end(make_services: MakeServices) -> None:
    double = Double()
    models = ["llama3.2:latest", "nomic-embed-text:latest"]
    _ollama(double, models)
    services = make_services(double)
    tenant = await _default_tenant(services)

    outcome = await services.providers.save(tenant, "ollama", {"base_url": OLLAMA})

    assert outcome.saved, outcome.validation
    assert outcome.validation.status is ValidationStatus.VALID
    assert "0.12.6" in outcome.validation.message
    assert outcome.catalog is not None
    assert set(outcome.catalog.added) == set(models)
    assert double.requests
    assert all("authorization" not in r.headers for r in double.requests)
    states = {s.provider: s for s in await services.providers.list_providers(tenant)}
    ollama = states["ollama"]
    assert (ollama.configured, ollama.is_valid, ollama.masked_key) == (True, True, None)
    assert ollama.decrypt_error is None
    assert ollama.settings == {"base_url": OLLAMA}
    assert {(m.model, m.model_type) for m in ollama.models} == {
        ("llama3.2:latest", ModelType.LLM),
        ("nomic-embed-text:latest", ModelType.EMBEDDING),
    }

    models.append("qwen3:8b")
    diff = await services.providers.refresh_models(tenant, "ollama")
    assert diff.error is None
    assert diff.added == ("qwen3:8b",)
    assert diff.total == 3
    tested = await services.providers.test_stored(tenant, "ollama")
    assert tested.status is ValidationStatus.VALID

    chosen = await services.models.set_default(tenant, "llm", "ollama", "qwen3:8b")
    assert (chosen.provider, chosen.model) == ("ollama", "qwen3:8b")
    defaults = await services.models.get_defaults(tenant)
    llm = defaults[ModelType.LLM]
    assert llm is not None
    assert (llm.provider, llm.model, llm.problem) == ("ollama", "qwen3:8b", None)
    listed = await services.models.list_models(tenant, "embedding", "ollama")
    assert [m.model for m in listed[ModelType.EMBEDDING]] == ["nomic-embed-text:latest"]


async def test_ollama_on_the_private_network_but_not_the_internet(
    make_services: MakeServices,
) -> None:
    services = make_services(Double())
    tenant = await _default_tenant(services)
    checked = services.providers.check_config("ollama", {"base_url": "http://192.168.1.20:11434"})
    assert checked == {"base_url": "http://192.168.1.20:11434"}
    with pytest.raises(InvalidInputError) as caught:
        await services.providers.save(tenant, "ollama", {"base_url": "http://ollama.example.com"})
    assert caught.value.field == "base_url"
    assert _stored(services, "ollama") is None


# -- vLLM: an optional key ---------------------------------------------------------------

VLLM = "http://127.0.0.1:8000/v1"


def _vllm(double: Double) -> None:
    double.json(
        "GET",
        f"{VLLM}/models",
        {
            "object": "list",
            "data": [
                {
                    "id": "meta-llama/Llama-3.1-8B-Instruct",
                    "object": "model",
                    "max_model_len": 8192,
                },
                {"id": "BAAI/bge-m3-embed", "object": "model", "max_model_len": 8192},
            ],
        },
    )


async def test_vllm_key_is_optional_and_kept_on_edit(make_services: MakeServices) -> None:
    double = Double()
    _vllm(double)
    services = make_services(double)
    tenant = await _default_tenant(services)

    keyless = await services.providers.save(tenant, "vllm", {"base_url": VLLM, "api_key": ""})
    assert keyless.saved, keyless.validation
    assert keyless.catalog is not None
    assert keyless.catalog.total == 2
    assert double.requests
    assert all("authorization" not in r.headers for r in double.requests)
    state = await services.providers.get_provider(tenant, "vllm")
    assert (state.configured, state.is_valid, state.masked_key) == (True, True, None)
    llama = next(m for m in state.models if m.model.startswith("meta-llama"))
    assert (llama.model_type, llama.context_length) == (ModelType.LLM, 8192)

    double.requests.clear()
    keyed = await services.providers.save(tenant, "vllm", {"base_url": VLLM, "api_key": KEY})
    assert keyed.saved
    assert {r.headers["authorization"] for r in double.requests} == {f"Bearer {KEY}"}
    state = await services.providers.get_provider(tenant, "vllm")
    assert state.masked_key == f"{KEY[:3]}…{KEY[-4:]}"

    # Editing with the key left empty keeps the stored key (same address).
    double.requests.clear()
    edited = await services.providers.save(tenant, "vllm", {"base_url": VLLM + "/", "api_key": ""})
    assert edited.saved
    assert {r.headers["authorization"] for r in double.requests} == {f"Bearer {KEY}"}
    assert _decrypt(services, tenant, "vllm") == {"base_url": VLLM, "api_key": KEY}
    result = await services.providers.validate(tenant, "vllm", {"base_url": VLLM})
    assert result.status is ValidationStatus.VALID
    assert double.requests[-1].headers["authorization"] == f"Bearer {KEY}"


# -- a stored secret is only sent to the address it was saved for ------------------------

FIRST_URL = "https://first.example.com/v1"
MOVED_URL = "https://moved.example.net/v1"


def _value(info: ProviderInfo, name: str, *, moved: bool) -> str:
    spec = info.field(name)
    assert spec is not None
    if spec.kind == "choice":
        return spec.choices[1 if moved else 0][0]
    return MOVED_URL if moved else FIRST_URL


def _moved_host(info: ProviderInfo, endpoint: str) -> str:
    spec = info.field(endpoint)
    assert spec is not None
    if spec.kind == "choice":
        return httpx.URL(dict(spec.choice_urls)[spec.choices[1][0]]).host
    return httpx.URL(MOVED_URL).host


def _full_config(info: ProviderInfo, endpoint: str) -> dict[str, Any]:
    """A config setting every secret, the ``endpoint`` field and any other required one
    (other endpoint fields keep their defaults)."""
    config: dict[str, Any] = {}
    for spec in info.fields:
        if spec.kind == "secret":
            config[spec.name] = KEY
        elif spec.kind == "headers":
            config[spec.name] = {"X-Team-Token": HEADER_SECRET}
        elif spec.name == endpoint:
            config[spec.name] = _value(info, spec.name, moved=False)
        elif spec.required and not spec.default:
            config[spec.name] = "Team gateway"
    return config


def _edit(info: ProviderInfo, endpoint: str) -> dict[str, Any]:
    """The saved config with every secret left empty and ``endpoint`` changed."""
    config = {
        name: ("" if name in info.secret_fields else value)
        for name, value in _full_config(info, endpoint).items()
    }
    config[endpoint] = _value(info, endpoint, moved=True)
    return config


CUSTOM = custom_provider_info("custom:team-gw", {"label": "Team gateway"})
SECRET_ENDPOINTS = [
    pytest.param(info, endpoint, id=f"{info.name}-{endpoint}")
    for info in (*builtin_infos(), CUSTOM)
    if info.secret_fields
    for endpoint in info.endpoint_fields
]


def test_every_provider_with_a_secret_is_covered() -> None:
    covered = {p.values[0].name for p in SECRET_ENDPOINTS}
    expected = {i.name for i in builtin_infos() if i.secret_fields} | {CUSTOM.name}
    assert covered == expected
    assert "ollama" not in covered
    ids = {p.id for p in SECRET_ENDPOINTS}
    assert {"azure_openai-base_url", "siliconflow-region", "siliconflow-base_url"} <= ids
    assert "custom:team-gw-base_url" in ids


@pytest.mark.parametrize(("info", "endpoint"), SECRET_ENDPOINTS)
async def test_a_stored_secret_only_goes_where_it_was_saved_for(
    make_services: MakeServices, info: ProviderInfo, endpoint: str
) -> None:
    double = Double()  # every address is unreachable: the config is stored as not valid
    services = make_services(double)
    tenant = await _default_tenant(services)
    saved = await services.providers.save(
        tenant, info.name, _full_config(info, endpoint), save_if_unreachable=True
    )
    assert saved.saved, saved.validation
    assert saved.validation.status.inconclusive
    assert double.requests, "the first save was checked against the first address"
    assert all(
        KEY in " ".join(r.headers.values()) or KEY in str(r.url) for r in double.requests[:1]
    )

    # Same address, key left empty: the stored key is used (the positive control).
    double.requests.clear()
    same = _edit(info, endpoint)
    same[endpoint] = _value(info, endpoint, moved=False)
    await services.providers.validate(tenant, info.name, same)
    assert double.requests
    assert KEY in " ".join(double.requests[0].headers.values())

    # Another address, key left empty: refused before anything is sent.
    double.requests.clear()
    moved = _edit(info, endpoint)
    operations: list[Callable[[], Awaitable[object]]] = [
        lambda: services.providers.validate(tenant, info.name, moved),
        lambda: services.providers.save(tenant, info.name, moved),
        lambda: services.providers.save(tenant, info.name, moved, save_if_unreachable=True),
    ]
    for operation in operations:
        with pytest.raises(InvalidInputError) as caught:
            await operation()
        assert caught.value.field in info.secret_fields
        assert caught.value.field == (info.key_field.name if info.key_field else None)
        assert "only sent to the address it was saved for" in (caught.value.hint or "")
    assert double.requests == []
    assert _moved_host(info, endpoint) not in double.hosts()
    assert _decrypt(services, tenant, info.name) == _full_config(info, endpoint)

    # Typing the key again makes the move legitimate.
    retyped = {**moved, info.key_field.name: KEY} if info.key_field else moved
    if "headers" in info.secret_fields:
        retyped["headers"] = {"X-Team-Token": HEADER_SECRET}
    await services.providers.validate(tenant, info.name, retyped)
    assert _moved_host(info, endpoint) in double.hosts()


# -- errors name their field -------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "config", "field"),
    [
        ("openai", {"api_key": GOOD_KEY, "base_url": "http://example.com/v1"}, "base_url"),
        ("openai", {"api_key": GOOD_KEY, "base_url": "ftp://example.com"}, "base_url"),
        ("openai", {"api_key": GOOD_KEY, "base_url": "https://u:p@example.com"}, "base_url"),
        ("openai", {"api_key": ""}, "api_key"),
        ("openai", {}, "api_key"),
        ("openai", {"api_key": "sk good"}, "api_key"),
        ("openai", {"api_key": GOOD_KEY, "nope": "x"}, "nope"),
        ("openai", {"api_key": GOOD_KEY, "organization": 7}, "organization"),
        ("siliconflow", {"api_key": GOOD_KEY, "region": "mars"}, "region"),
        ("azure_openai", {"api_key": GOOD_KEY}, "base_url"),
        ("vllm", {"base_url": "http://vllm.example.com/v1"}, "base_url"),
        ("custom:team-gw", {"base_url": "https://gw.example.com/v1"}, "label"),
        ("custom:team-gw", {"label": "Team gateway"}, "base_url"),
        (
            "custom:team-gw",
            {"label": "T", "base_url": "https://gw.example.com", "headers": "X"},
            "headers",
        ),
        (
            "custom:team-gw",
            {"label": "T", "base_url": "https://gw.example.com", "types": ["x"]},
            "types",
        ),
    ],
)
async def test_errors_name_their_field(
    services: Services, tenant: str, provider: str, config: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await services.providers.validate(tenant, provider, config)
    assert caught.value.field == field
    with pytest.raises(InvalidInputError) as caught:
        await services.providers.save(tenant, provider, config, save_if_unreachable=True)
    assert caught.value.field == field
    states = await services.providers.list_providers(tenant)
    assert not any(s.configured for s in states)


def test_check_config_names_the_field(services: Services) -> None:
    with pytest.raises(InvalidInputError) as caught:
        services.providers.check_config("ollama", {"base_url": "http://8.8.8.8:11434"})
    assert caught.value.field == "base_url"
    with pytest.raises(InvalidInputError) as caught:
        services.providers.check_config("ollama", {"api_key": "x"})
    assert caught.value.field == "api_key"


# -- a workspace's own OpenAI-compatible endpoint ------------------------------------------

GATEWAY = "https://gw.example.com/v1"


async def test_custom_provider_end_to_end(make_services: MakeServices) -> None:
    double = Double()
    listed = [
        {"id": "llama-3.1-70b", "object": "model"},
        {"id": "text-embedding-gw", "object": "model"},
        {"id": "bge-reranker-v2", "object": "model"},
    ]
    double.route("GET", f"{GATEWAY}/models", lambda _r: httpx.Response(200, json={"data": listed}))
    services = make_services(double)
    tenant = await _default_tenant(services)

    name = await services.providers.custom_name_for(tenant, "Team Gateway")
    assert name == "custom:team-gateway"
    config = {
        "label": "Team Gateway",
        "base_url": GATEWAY + "/",
        "api_key": KEY,
        "headers": {"X-Team-Token": HEADER_SECRET},
        "types": ["embedding", "llm"],
    }
    outcome = await services.providers.save(tenant, name, config)
    assert outcome.saved, outcome.validation
    assert outcome.validation.status is ValidationStatus.VALID
    first = double.requests[0]
    assert str(first.url) == f"{GATEWAY}/models"
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert first.headers["x-team-token"] == HEADER_SECRET
    assert outcome.catalog is not None
    assert set(outcome.catalog.added) == {"llama-3.1-70b", "text-embedding-gw"}  # no rerank type

    assert await services.providers.custom_name_for(tenant, "Team Gateway") == (
        "custom:team-gateway-2"
    )
    assert await services.providers.custom_name_for(tenant, "team gateway!") == (
        "custom:team-gateway-2"
    )

    states = await services.providers.list_providers(tenant)
    assert [s.provider for s in states][: len(builtin_infos())] == [i.name for i in builtin_infos()]
    custom = next(s for s in states if s.provider == name)
    assert (custom.info.label, custom.info.source, custom.info.group) == (
        "Team Gateway",
        "custom",
        "custom",
    )
    assert custom.info.model_types == (ModelType.LLM, ModelType.EMBEDDING)
    assert (custom.configured, custom.is_valid) == (True, True)
    assert custom.masked_key == f"{KEY[:3]}…{KEY[-4:]}"
    assert "api_key" not in custom.settings
    assert "headers" not in custom.settings
    assert custom.settings["label"] == "Team Gateway"
    state = await services.providers.get_provider(tenant, name)
    assert state.info.label == "Team Gateway"

    token = _stored(services, name)
    assert token is not None
    assert KEY not in token[1]
    assert HEADER_SECRET not in token[1]
    assert _decrypt(services, tenant, name) == {
        "label": "Team Gateway",
        "base_url": GATEWAY,
        "api_key": KEY,
        "headers": {"X-Team-Token": HEADER_SECRET},
        "types": ["llm", "embedding"],
    }

    listed.append({"id": "gw-chat-2", "object": "model"})
    diff = await services.providers.refresh_models(tenant, name)
    assert diff.added == ("gw-chat-2",)
    grouped = await services.models.list_models(tenant, provider=name)
    assert {m.model for m in grouped[ModelType.LLM]} == {"llama-3.1-70b", "gw-chat-2"}
    assert [m.model for m in grouped[ModelType.EMBEDDING]] == ["text-embedding-gw"]
    assert grouped[ModelType.RERANK] == []
    await services.models.set_default(tenant, "embedding", name, "text-embedding-gw")
    refreshed = await services.providers.refresh_all(tenant)
    assert [(r.provider, r.validation.status) for r in refreshed] == [
        (name, ValidationStatus.VALID)
    ]

    deleted = await services.providers.delete(tenant, name)
    assert deleted.cleared_defaults == (ModelType.EMBEDDING,)
    assert name not in [s.provider for s in await services.providers.list_providers(tenant)]
    assert _stored(services, name) is None
    assert (await services.models.list_models(tenant))[ModelType.LLM] == []
    assert await services.providers.custom_name_for(tenant, "Team Gateway") == name
    with pytest.raises(NotFoundError):
        await services.providers.delete(tenant, name)


async def test_custom_provider_edit_keeps_secrets_and_label_may_change(
    make_services: MakeServices,
) -> None:
    double = Double()
    double.json("GET", f"{GATEWAY}/models", {"data": [{"id": "m1"}]})
    services = make_services(double)
    tenant = await _default_tenant(services)
    name = "custom:team-gw"
    first = {
        "label": "Team gateway",
        "base_url": GATEWAY,
        "api_key": KEY,
        "headers": "X-Team-Token: " + HEADER_SECRET,
    }
    assert (await services.providers.save(tenant, name, first)).saved
    double.requests.clear()
    renamed = {"label": "Research gateway", "base_url": GATEWAY, "api_key": "", "headers": ""}
    assert (await services.providers.save(tenant, name, renamed)).saved
    sent = double.requests[0].headers
    assert (sent["authorization"], sent["x-team-token"]) == (f"Bearer {KEY}", HEADER_SECRET)
    state = await services.providers.get_provider(tenant, name)
    assert state.info.label == "Research gateway"
    assert state.info.model_types == tuple(ModelType)


async def test_preset_from_the_data_folder_is_a_provider(db_url: str, tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")
    paths.presets_dir.mkdir(parents=True)
    (paths.presets_dir / "lab.toml").write_text(
        "\n".join(
            [
                'name = "lab_gpu"',
                'family = "openai_compatible"',
                'label = "Lab GPU"',
                'description = "The lab\'s vLLM box."',
                'group = "local"',
                "allow_private_http = true",
                'model_types = ["llm"]',
                "[[fields]]",
                'preset = "api_key"',
                "[[fields]]",
                'preset = "base_url"',
                'default = "http://10.1.2.3:8000/v1"',
            ]
        ),
        encoding="utf-8",
    )
    (paths.presets_dir / "broken.toml").write_text('name = "broken"', encoding="utf-8")
    double = Double()
    double.json("GET", "http://10.1.2.3:8000/v1/models", {"data": [{"id": "qwen3-32b"}]})
    services = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        paths=paths,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(double)),
        use_keyring=False,
    )
    try:
        tenant = await _default_tenant(services)
        assert [p for p in services.providers.preset_problems if "broken.toml" in p]
        assert any("broken.toml" in n for n in services.notices)
        assert services.providers.infos()[-1].name == "lab_gpu"
        outcome = await services.providers.save(tenant, "lab_gpu", {"api_key": KEY})
        assert outcome.saved, outcome.validation
        state = next(
            s for s in await services.providers.list_providers(tenant) if s.provider == "lab_gpu"
        )
        assert (state.info.source, state.is_valid) == ("preset", True)
        assert [m.model for m in state.models] == ["qwen3-32b"]
        assert double.requests[0].headers["authorization"] == f"Bearer {KEY}"
    finally:
        await services.aclose()
        await services.http_client.aclose()
