"""The provider registry: built-in descriptions, drop-in presets, broken presets, custom names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from modelhub.domain.errors import InvalidInputError, UnknownProviderError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ModelProvider, normalize_base_url
from modelhub.providers.factory import ProviderFactory
from modelhub.providers.http import make_http_client
from modelhub.providers.registry import (
    FAMILIES,
    ProviderRegistry,
    builtin_infos,
    custom_provider_info,
    family_class,
    parse_custom_name,
    slugify,
)
from modelhub.providers.schema import ManifestError, parse_manifest

if TYPE_CHECKING:
    from pathlib import Path

    from provider_doubles import FakeAPI

BUILTIN_NAMES = [
    "openai",
    "openrouter",
    "jina",
    "siliconflow",
    "anthropic",
    "gemini",
    "azure_openai",
    "deepseek",
    "mistral",
    "cohere",
    "groq",
    "xai",
    "voyage",
    "ollama",
    "lmstudio",
    "vllm",
]

GATEWAY_TOML = """\
name = "team_gateway"
family = "openai_compatible"
label = "Team gateway"
label_zh = "团队网关"
description = "The team's own OpenAI-compatible gateway."
website = "https://gateway.example.com"
model_types = ["llm", "embedding", "rerank"]
auth = "bearer"

[[fields]]
preset = "api_key"

[[fields]]
preset = "base_url"
default = "https://gateway.example.com/v1"

[options]
context_field = "context_length"
"""


def _manifest(name: str = "team_gateway", **overrides: str) -> str:
    """``GATEWAY_TOML`` for another provider name, with top-level lines replaced."""
    text = GATEWAY_TOML.replace('name = "team_gateway"', f'name = "{name}"')
    for key, line in overrides.items():
        start = text.index(f"{key} = ")
        end = text.index("\n", start)
        text = text[:start] + line + text[end:]
    return text


# -- built-ins -----------------------------------------------------------------------------


def test_builtin_names_in_display_order() -> None:
    assert [info.name for info in builtin_infos()] == BUILTIN_NAMES
    assert ProviderRegistry.load().names() == BUILTIN_NAMES


def test_choices_have_chinese_labels_where_the_description_gives_them() -> None:
    region = ProviderRegistry.load().info("siliconflow").field("region")
    assert region is not None
    assert dict(region.localized_choices("zh_CN"))["cn"] == "中国站（api.siliconflow.cn）"
    assert region.localized_choices("en") == region.choices
    assert dict(region.choices)["cn"] == "China (api.siliconflow.cn)"


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_every_builtin_is_complete(name: str) -> None:
    info = ProviderRegistry.load().info(name)
    assert info.source == "builtin"
    assert info.label
    assert info.label_zh
    assert info.description
    assert info.description_zh
    assert info.family in FAMILIES
    assert info.model_types
    assert info.endpoint_fields, "a key must be bound to where it is sent"
    for url in (info.website, info.key_page):
        assert not url or url.startswith("https://")
    if info.auth != "none":
        assert info.key_field is not None
    adapter = family_class(info.family)(lambda: pytest.fail("no request is made"), info)
    assert isinstance(adapter, ModelProvider)
    assert adapter.name == name
    assert adapter.info is info


def test_unknown_family_and_provider_are_typed_errors() -> None:
    with pytest.raises(UnknownProviderError):
        family_class("smoke_signals")
    with pytest.raises(UnknownProviderError):
        ProviderRegistry.load().info("nope")


# -- a drop-in description (no code) -------------------------------------------------------


async def test_dropped_in_description_works_without_code(tmp_path: Path, fake: FakeAPI) -> None:
    presets = tmp_path / "providers"
    presets.mkdir()
    (presets / "team_gateway.toml").write_text(GATEWAY_TOML, encoding="utf-8")

    registry = ProviderRegistry.load(presets)
    assert registry.problems == ()
    assert registry.names() == [*BUILTIN_NAMES, "team_gateway"]
    info = registry.info("team_gateway")
    assert (info.source, info.family, info.label, info.label_zh) == (
        "preset",
        "openai_compatible",
        "Team gateway",
        "团队网关",
    )
    assert info.origin == str(presets / "team_gateway.toml")

    models = {
        "object": "list",
        "data": [
            {"id": "llama-3.1-70b-instruct", "object": "model", "context_length": 131072},
            {"id": "bge-m3", "object": "model"},
            {"id": "bge-reranker-v2-m3", "object": "model"},
            {"id": "flux-schnell", "object": "model"},
        ],
    }
    fake.json("GET", "https://gateway.example.com/v1/models", 200, models)
    key = "gw-0123456789abcdef0123"
    async with make_http_client(httpx.MockTransport(fake)) as client:
        adapter = ProviderFactory(client, registry).create("team_gateway")
        result = await adapter.validate({"api_key": key})
        listed = await adapter.list_models({"api_key": key})

    assert result.status is ValidationStatus.VALID
    assert fake.requests[0].headers["authorization"] == f"Bearer {key}"
    typed = {m.id: m.model_type for m in listed}
    assert typed == {
        "llama-3.1-70b-instruct": ModelType.LLM,
        "bge-m3": ModelType.EMBEDDING,
        "bge-reranker-v2-m3": ModelType.RERANK,
    }
    assert next(m for m in listed if m.id.startswith("llama")).context_length == 131072


# -- broken presets are reported, never fatal ----------------------------------------------

BROKEN: dict[str, tuple[bytes, str]] = {
    # file name: (content, the field the message must name; "" = the file as a whole)
    "not_toml.toml": (b'name = "x\nfamily = ', ""),
    "no_name.toml": (_manifest().replace('name = "team_gateway"\n', "").encode(), "name"),
    "bad_family.toml": (
        _manifest("bad_family", family='family = "telepathy"').encode(),
        "family",
    ),
    "bad_auth.toml": (_manifest("bad_auth", auth='auth = "cookie"').encode(), "auth"),
    "bad_kind.toml": (
        _manifest("bad_kind")
        .replace('preset = "api_key"', 'preset = "api_key"\nkind = "blob"')
        .encode(),
        "fields[0].kind",
    ),
    "bad_regex.toml": (
        _manifest("bad_regex", auth="auth = \"bearer\"\nkey_patterns = ['sk-(unclosed']").encode(),
        "key_patterns[0]",
    ),
    "bad_rule.toml": (
        (
            _manifest("bad_rule") + 'model_rules = [{ match = "(embed", type = "embedding" }]\n'
        ).encode(),
        "options.model_rules[0].match",
    ),
    "clash.toml": (_manifest("openai").encode(), "name"),
    "zz_same_as_preset.toml": (_manifest().encode(), "name"),
    "latin1.toml": (_manifest("latin1").replace("团队网关", "Équipe").encode("latin-1"), ""),
}


def test_broken_presets_are_reported_and_the_good_ones_load(tmp_path: Path) -> None:
    presets = tmp_path / "providers"
    presets.mkdir()
    (presets / "team_gateway.toml").write_text(GATEWAY_TOML, encoding="utf-8")
    (presets / "notes.txt").write_text("not a description", encoding="utf-8")
    for file, (content, _) in BROKEN.items():
        (presets / file).write_bytes(content)

    registry = ProviderRegistry.load(presets)

    assert registry.names() == [*BUILTIN_NAMES, "team_gateway"]
    assert registry.info("openai").source == "builtin"  # the clash did not replace it
    by_file = {p.origin.rsplit("/", 1)[-1]: p for p in registry.problems}
    assert set(by_file) == set(BROKEN)
    for file, (_, where) in BROKEN.items():
        problem = by_file[file]
        message = str(problem)
        assert str(presets / file) in message, message
        assert problem.where == where, (file, message)
        if where:
            assert f"(field {where})" in message, message
    assert "not valid TOML" in str(by_file["not_toml.toml"])
    assert "not UTF-8" in str(by_file["latin1.toml"])
    assert "telepathy" in str(by_file["bad_family.toml"])
    assert "already a provider's name" in str(by_file["clash.toml"])


def test_preset_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    (tmp_path / "gw.toml").write_bytes(GATEWAY_TOML.encode("utf-8-sig"))
    registry = ProviderRegistry.load(tmp_path)
    assert registry.problems == ()
    assert registry.info("team_gateway").label_zh == "团队网关"


def test_missing_preset_folder_is_no_problem(tmp_path: Path) -> None:
    registry = ProviderRegistry.load(tmp_path / "absent")
    assert registry.names() == BUILTIN_NAMES
    assert registry.problems == ()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"name": "Bad Name"}, "name"),
        ({"label": ""}, "label"),
        ({"auth": "cookie"}, "auth"),
        ({"group": "custom"}, "group"),
        ({"model_types": ["image"]}, "model_types[0]"),
        ({"suggested_for": ["tts"]}, "suggested_for"),
        ({"website": "http://gateway.example.com"}, "website"),
        ({"key_patterns": ["(x"]}, "key_patterns[0]"),
        ({"headers": {"Bad Header": "x"}}, "headers.Bad Header"),
        ({"colour": "blue"}, "colour"),
        ({"fields": []}, "fields"),
        ({"fields": [{"preset": "api_key"}]}, "fields"),  # no endpoint
        ({"fields": [{"preset": "base_url"}]}, "fields"),  # bearer auth, no secret
        (
            {"fields": [{"preset": "api_key", "kind": "blob"}, {"preset": "base_url"}]},
            "fields[0].kind",
        ),
        ({"fields": [{"preset": "password"}, {"preset": "base_url"}]}, "fields[0].preset"),
        (
            {"fields": [{"preset": "api_key", "secret": False}, {"preset": "base_url"}]},
            "fields[0].secret",
        ),
        (
            {"fields": [{"preset": "api_key"}, {"preset": "base_url", "colour": 1}]},
            "fields[1].colour",
        ),
        (
            {"fields": [{"preset": "api_key"}, {"preset": "base_url"}, {"preset": "base_url"}]},
            "fields",
        ),
        ({"options": "fast"}, "options"),
        (
            {"options": {"model_rules": [{"match": "(", "type": "llm"}]}},
            "options.model_rules[0].match",
        ),
        (
            {"options": {"model_rules": [{"match": "x", "type": "image"}]}},
            "options.model_rules[0].type",
        ),
        ({"options": {"model_rules": [{"type": "llm"}]}}, "options.model_rules[0]"),
        ({"options": {"model_rules": "embed"}}, "options.model_rules"),
        ({"options": {"default_type": "video"}}, "options.default_type"),
        ({"options": {"no_credit_statuses": ["402"]}}, "options.no_credit_statuses"),
        ({"options": {"validate": {"method": "DELETE"}}}, "options.validate.method"),
        ({"options": {"validate": {"path": "models"}}}, "options.validate.path"),
    ],
)
def test_parse_manifest_names_the_field(change: dict[str, object], where: str) -> None:
    data: dict[str, object] = {
        "name": "team_gateway",
        "family": "openai_compatible",
        "label": "Team gateway",
        "description": "A gateway.",
        "model_types": ["llm"],
        "fields": [{"preset": "api_key"}, {"preset": "base_url"}],
        **change,
    }
    with pytest.raises(ManifestError) as caught:
        parse_manifest(data, origin="gw.toml", source="preset")
    assert caught.value.where == where
    assert caught.value.origin == "gw.toml"
    assert str(caught.value).startswith(f"Provider description gw.toml (field {where}): ")


def test_parse_manifest_requires_name() -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest({"family": "openai_compatible"}, origin="x.toml")
    assert caught.value.where == "name"
    assert "is required" in str(caught.value)


def test_parse_manifest_accepts_a_keyless_private_server() -> None:
    info = parse_manifest(
        {
            "name": "home_llm",
            "family": "ollama",
            "label": "Home LLM",
            "description": "Ollama on the home server.",
            "group": "local",
            "auth": "none",
            "allow_private_http": True,
            "model_types": ["llm", "embedding"],
            "fields": [{"preset": "base_url", "default": "http://gpu-box:11434"}],
        },
        origin="home.toml",
        source="preset",
    )
    assert info.key_field is None
    assert not info.needs_key
    assert info.endpoint_fields == ("base_url",)
    assert info.allow_private_http


# -- custom providers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("My Gateway (EU)", "my-gateway-eu"),
        ("Team gateway", "team-gateway"),
        ("  Café Ünïcode  ", "cafe-unicode"),
        ("vLLM #2", "vllm-2"),
        ("x" * 60, "x" * 40),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug
    assert parse_custom_name(f"custom:{slug}") == slug


@pytest.mark.parametrize("label", ["网关", "", "   ", "---", "🚀"])
def test_slugify_refuses_a_label_with_nothing_usable(label: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        slugify(label)
    assert caught.value.field == "label"


@pytest.mark.parametrize(
    "name",
    [
        "custom:",
        "custom:Team",
        "custom:team_gw",
        "custom:-team",
        "custom:team-",
        "custom:" + "a" * 41,
        "custom:team gw",
        "openai",
        "Custom:team",
        "team-gw",
    ],
)
def test_parse_custom_name_rejects_bad_names(name: str) -> None:
    with pytest.raises(UnknownProviderError):
        parse_custom_name(name)
    with pytest.raises(UnknownProviderError):
        custom_provider_info(name)


def test_custom_provider_info_comes_from_its_config() -> None:
    info = custom_provider_info(
        "custom:team-gw",
        {
            "label": "  Team gateway  ",
            "base_url": "https://gw.example.com/v1",
            "types": ["embedding", "llm", "image"],
        },
    )
    assert info.name == "custom:team-gw"
    assert info.label == "Team gateway"
    assert info.model_types == (ModelType.LLM, ModelType.EMBEDDING)
    assert (info.source, info.group, info.family) == ("custom", "custom", "openai_compatible")
    assert info.is_custom
    assert "https://gw.example.com/v1" in info.description
    assert info.endpoint_fields == ("base_url",)
    assert set(info.secret_fields) == {"api_key", "headers"}
    assert not info.needs_key

    bare = custom_provider_info("custom:team-gw")
    assert bare.label == "team-gw"
    assert bare.model_types == tuple(ModelType)
    assert custom_provider_info("custom:x", {"types": ["image"]}).model_types == tuple(ModelType)


# -- plain http only to this computer (or the private network for local servers) -----------


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.20:11434",
        "http://gpu-box:8000",
        "http://10.0.0.5",
        "http://172.16.4.2:1234/v1",
        "http://llm.lan:8000/v1",
        "http://ollama.local:11434",
        "http://127.0.0.1:11434",
        "http://localhost:1234",
        "http://[::1]:8000",
        "https://example.com/v1",
    ],
)
def test_private_http_is_allowed_for_local_servers(url: str) -> None:
    assert normalize_base_url(url + "/", allow_private_http=True) == url


@pytest.mark.parametrize(
    "url", ["http://example.com", "http://8.8.8.8", "http://api.openai.com/v1", "http://1.1.1.1:80"]
)
def test_public_http_is_refused_even_for_local_servers(url: str) -> None:
    with pytest.raises(InvalidInputError, match="private network"):
        normalize_base_url(url, allow_private_http=True)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://127.0.0.1:11434", True),
        ("http://localhost:8000/v1", True),
        ("http://[::1]", True),
        ("http://192.168.1.20:11434", False),
        ("http://gpu-box:8000", False),
        ("http://10.0.0.5", False),
        ("http://example.com", False),
    ],
)
def test_without_the_flag_only_loopback_http(url: str, allowed: bool) -> None:
    if allowed:
        assert normalize_base_url(url) == url
    else:
        with pytest.raises(InvalidInputError, match="only allowed for this computer"):
            normalize_base_url(url)
