"""Model capabilities, limits and prices: each provider's own metadata first, the id rules
(``capability_rules.toml``) only where the metadata says nothing.

Every adapter test drives the real adapter on the real client with only the transport faked;
bodies come from ``fixtures/`` (shaped from the specs in ``reference/openapi/`` and the bodies
quoted in PROVIDERS*.md) or are built inline from the same schemas.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.models import Capability, ModelDefinition, ModelPrice, ModelType
from modelhub.providers.capabilities import (
    RULES_PATH,
    CapabilityRulesError,
    ModelFacts,
    builtin_rules,
    complete,
    parse_rules,
    per_million,
    price_from,
    read_rules,
    rules_key,
)
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from collections.abc import Callable

    from modelhub.providers.base import ModelProvider

C = Capability
T = ModelType
VISION, TOOLS, REASONING, JSON, AUDIO = (
    C.VISION,
    C.TOOLS,
    C.REASONING,
    C.JSON,
    C.AUDIO_IN,
)


def by_id(models: list[ModelDefinition]) -> dict[str, ModelDefinition]:
    return {m.id: m for m in models}


def adapter(client: httpx.AsyncClient, name: str) -> ModelProvider:
    return family_class(builtin_info(name).family)(client, builtin_info(name))


# -- the rules file --------------------------------------------------------------------------


def test_shipped_rules_file_loads_and_every_rule_is_documented() -> None:
    rules = read_rules(RULES_PATH)

    assert len(rules.rules) >= 20
    assert all(rule.note for rule in rules.rules)
    assert builtin_rules().rules == rules.rules


RULE_ERRORS = [
    ("version = 2\n", "version must be 1"),
    ("version = 1\n[[rule]]\ncapabilities = ['vision']\n", "rule 1: 'match'"),
    ("version = 1\n[[rule]]\nmatch = 'gpt-(['\ncapabilities = ['vision']\n", "not a valid regular"),
    (
        "version = 1\n[[rule]]\nmatch = 'x'\nexclude = '(?<'\ncapabilities = ['vision']\n",
        "'exclude'",
    ),
    ("version = 1\n[[rule]]\nmatch = 'x'\ncapabilities = ['telepathy']\n", "'telepathy'"),
    (
        "version = 1\n[[rule]]\nmatch = 'x'\ncapabilities = ['tools']\ntypes = ['image']\n",
        "unknown model type 'image'",
    ),
    ("version = 1\n[[rule]]\nmatch = 'x'\n", "gives no capability and no limit"),
    ("version = 1\n[[rule]]\nmatch = 'x'\ncontext_length = 0\n", "positive whole number"),
    (
        "version = 1\n[[rule]]\nmatch = 'x'\ncapabilities = ['tools']\nvison = 1\n",
        "unknown key(s): vison",
    ),
    ("version = 1\nrules = []\n", "unknown top-level key(s): rules"),
    ("version = 1\n[[rule]\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "words"), RULE_ERRORS)
def test_a_malformed_rules_file_is_a_clear_error(text: str, words: str) -> None:
    with pytest.raises(CapabilityRulesError) as caught:
        parse_rules(text, "my_rules.toml")

    assert "my_rules.toml" in str(caught.value)
    assert words in str(caught.value)


def test_the_error_names_the_broken_rule() -> None:
    text = (
        "version = 1\n"
        "[[rule]]\nmatch = '^ok'\ncapabilities = ['tools']\n"
        "[[rule]]\nmatch = '^bad'\ncapabilities = ['vison']\n"
    )

    with pytest.raises(CapabilityRulesError, match=r"rule 2: unknown capability 'vison'"):
        parse_rules(text, "x.toml")


@pytest.mark.parametrize(
    ("model_id", "model_type", "caps", "context", "max_output"),
    [
        ("gpt-4o", T.LLM, {VISION, TOOLS, JSON}, 128000, 16384),
        ("openai/gpt-4o-mini", T.LLM, {VISION, TOOLS, JSON}, 128000, 16384),
        ("gpt-4.1-nano", T.LLM, {VISION, TOOLS, JSON}, 1047576, 32768),
        ("gpt-5", T.LLM, {VISION, TOOLS, JSON, REASONING}, 400000, 128000),
        ("gpt-5-chat-latest", T.LLM, {VISION}, None, None),
        ("o3-mini", T.LLM, {REASONING, TOOLS, JSON}, 200000, 100000),
        ("o1-preview", T.LLM, {REASONING}, None, None),
        ("deepseek-reasoner", T.LLM, {REASONING}, 128000, None),
        ("Pro/deepseek-ai/DeepSeek-R1", T.LLM, {REASONING}, None, None),
        ("deepseek/deepseek-r1-0528:free", T.LLM, {REASONING}, None, None),
        ("Qwen/QwQ-32B", T.LLM, {REASONING}, None, None),
        ("qwen/qwen3-32b", T.LLM, {REASONING}, None, None),
        ("Qwen/Qwen3-235B-A22B-Instruct-2507", T.LLM, set(), None, None),
        ("Qwen/Qwen2.5-VL-72B-Instruct", T.LLM, {VISION}, None, None),
        ("claude-3-haiku-20240307", T.LLM, {VISION, TOOLS}, None, None),
        ("claude-sonnet-4-5", T.LLM, {VISION, TOOLS, REASONING}, None, None),
        ("gemini-2.0-flash", T.LLM, {VISION, TOOLS}, None, None),
        ("gemma-3-27b-it", T.LLM, set(), None, None),
        ("grok-4-fast-non-reasoning", T.LLM, {VISION, TOOLS}, None, None),
        ("llava:13b", T.LLM, {VISION}, None, None),
        # Not a chat model: a transcription id never gets chat capabilities.
        ("whisper-1", T.SPEECH_TO_TEXT, set(), None, None),
        ("gpt-4o-transcribe", T.SPEECH_TO_TEXT, set(), None, None),
        ("jina-clip-v2", T.EMBEDDING, {VISION}, None, None),
        ("text-embedding-3-small", T.EMBEDDING, set(), None, None),
    ],
)
def test_rules_lookup(
    model_id: str,
    model_type: ModelType,
    caps: set[Capability],
    context: int | None,
    max_output: int | None,
) -> None:
    found = builtin_rules().lookup(model_id, model_type)

    assert found.capabilities == caps
    assert found.context_length == context
    assert found.max_output_tokens == max_output


def test_rules_match_the_last_path_segment_in_lower_case() -> None:
    assert rules_key("Pro/deepseek-ai/DeepSeek-R1") == "deepseek-r1"
    assert rules_key("llava:7b") == "llava:7b"


# -- merging the provider's facts with the rules ----------------------------------------------

RULES = parse_rules(
    "version = 1\n"
    "[[rule]]\nmatch = '^acme-'\ncapabilities = ['vision', 'tools']\ncontext_length = 4096\n"
    "max_output_tokens = 512\nnote = 'test'\n",
    "test rules",
)


def test_rules_fill_only_what_the_provider_does_not_speak_about() -> None:
    model = ModelDefinition(id="acme-1", model_type=T.LLM)
    # The provider says: no vision (covered, not had), reasoning yes. Tools it leaves open.
    facts = ModelFacts.from_flags({VISION: False, REASONING: True})

    done = complete(model, facts, rules=RULES)

    assert done.capabilities == {TOOLS, REASONING}
    assert VISION not in done.capabilities  # the provider said no; the rule cannot overrule
    assert done.capability_source == "rules"
    assert done.context_length == 4096
    assert done.max_output_tokens == 512


def test_provider_metadata_that_covers_everything_leaves_rules_unused() -> None:
    model = ModelDefinition(id="acme-1", model_type=T.LLM, context_length=100)
    facts = ModelFacts.from_flags(
        {VISION: False, TOOLS: False, REASONING: False, JSON: True, AUDIO: False},
        max_output_tokens=64,
    )

    done = complete(model, facts, rules=RULES)

    assert done.capabilities == {JSON}
    assert done.capability_source == "provider"
    assert done.context_length == 100
    assert done.max_output_tokens == 64


def test_nothing_known_is_an_empty_source() -> None:
    done = complete(ModelDefinition(id="mystery", model_type=T.LLM), rules=RULES)

    assert done.capabilities == frozenset()
    assert done.capability_source == ""


def test_a_rule_matches_the_given_id_instead_of_the_model_id() -> None:
    model = ModelDefinition(id="prod-chat", model_type=T.LLM)

    done = complete(model, rules=RULES, match_id="acme-7")

    assert done.capabilities == {VISION, TOOLS}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.0000025", 2.5),
        ("0.00003", 30.0),
        ("0.00000013", 0.13),
        ("0.00000005", 0.05),
        ("0", 0.0),
        (0, 0.0),
        ("-1", None),
        (None, None),
        ("", None),
        ("free", None),
        (True, None),
        ("NaN", None),
    ],
)
def test_per_token_price_as_per_million(value: Any, expected: float | None) -> None:
    assert per_million(value) == expected


def test_price_needs_at_least_one_published_side() -> None:
    assert price_from("-1", "-1") is None
    assert price_from(None, None) is None
    assert price_from("0.000001", None) == ModelPrice(1.0, None, "USD")


# -- OpenRouter --------------------------------------------------------------------------------

OPENROUTER_MODELS = "https://openrouter.ai/api/v1/models"


def openrouter_entry(model_id: str, **changes: Any) -> dict[str, Any]:
    """One ``Model`` as the OpenRouter spec's example shows it, with ``changes`` applied."""
    entry: dict[str, Any] = {
        "architecture": {
            "input_modalities": ["text"],
            "instruct_type": None,
            "modality": "text->text",
            "output_modalities": ["text"],
            "tokenizer": "GPT",
        },
        "canonical_slug": model_id,
        "context_length": 8192,
        "created": 1692901234,
        "default_parameters": None,
        "description": "",
        "expiration_date": None,
        "id": model_id,
        "knowledge_cutoff": None,
        "links": {"details": f"/api/v1/models/{model_id}/endpoints"},
        "name": model_id,
        "per_request_limits": None,
        "pricing": {"completion": "0.00006", "image": "0", "prompt": "0.00003", "request": "0"},
        "supported_parameters": ["temperature", "top_p", "max_tokens"],
        "supported_voices": None,
        "top_provider": {
            "context_length": 8192,
            "is_moderated": True,
            "max_completion_tokens": 4096,
        },
    }
    entry.update(changes)
    return entry


async def test_openrouter_metadata_gives_capabilities_limits_and_price(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    rich = openrouter_entry(
        "openai/gpt-4o",
        architecture={
            "input_modalities": ["text", "image", "file", "audio"],
            "modality": "text+image->text",
            "output_modalities": ["text"],
            "tokenizer": "GPT",
        },
        context_length=128000,
        pricing={"prompt": "0.0000025", "completion": "0.00001", "request": "0", "image": "0"},
        supported_parameters=["tools", "tool_choice", "response_format", "include_reasoning"],
        top_provider={
            "context_length": 128000,
            "is_moderated": True,
            "max_completion_tokens": 16384,
        },
    )
    # gpt-4 per the spec example: text only, no tools, no structured outputs. The id rules
    # would not say tools for it anyway; the point is that nothing is guessed.
    plain = openrouter_entry("openai/gpt-4")
    free = openrouter_entry(
        "deepseek/deepseek-r1-0528:free",
        pricing={"prompt": "0", "completion": "0"},
        top_provider={
            "context_length": 163840,
            "is_moderated": False,
            "max_completion_tokens": None,
        },
        context_length=163840,
    )
    router = openrouter_entry("openrouter/auto", pricing={"prompt": "-1", "completion": "-1"})
    fake.json("GET", OPENROUTER_MODELS, 200, {"data": [rich, plain, free, router]})

    models = by_id(await make_provider("openrouter").list_models({"api_key": KEYS["openrouter"]}))

    gpt4o = models["openai/gpt-4o"]
    assert gpt4o.capabilities == {VISION, AUDIO, TOOLS, JSON, REASONING}
    assert gpt4o.capability_source == "provider"
    assert gpt4o.context_length == 128000
    assert gpt4o.max_output_tokens == 16384
    assert gpt4o.price == ModelPrice(2.5, 10.0, "USD")
    # The old string map and extra keys are still there.
    assert gpt4o.pricing["prompt"] == "0.0000025"
    assert gpt4o.extra["max_completion_tokens"] == 16384

    gpt4 = models["openai/gpt-4"]
    assert gpt4.capabilities == frozenset()
    assert gpt4.capability_source == "provider"
    assert gpt4.price == ModelPrice(30.0, 60.0, "USD")

    # The rules would say reasoning for an r1 id; OpenRouter's parameters say otherwise here.
    r1 = models["deepseek/deepseek-r1-0528:free"]
    assert REASONING not in r1.capabilities
    assert r1.price == ModelPrice(0.0, 0.0, "USD")
    assert r1.max_output_tokens is None

    assert models["openrouter/auto"].price is None


async def test_openrouter_fixture_list_uses_no_rules(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", OPENROUTER_MODELS, 200, load("openrouter/models.json"))

    models = await make_provider("openrouter").list_models({"api_key": KEYS["openrouter"]})

    assert {m.capability_source for m in models} == {"provider"}
    got = by_id(models)
    assert got["openai/gpt-4o"].capabilities == {VISION}  # image input; no tools listed
    assert got["openai/whisper-large-v3"].capabilities == {AUDIO}
    assert got["openai/gpt-4o"].max_output_tokens == 4096


# -- Gemini ------------------------------------------------------------------------------------


async def test_gemini_thinking_and_token_limits_from_the_list(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    base = "https://generativelanguage.googleapis.com/v1beta/models"
    pages = [load("gemini/models_page1.json"), load("gemini/models_page2.json")]
    pages.append(load("gemini/models_page3.json"))

    def pager(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        index = {None: 0, pages[0].get("nextPageToken"): 1, pages[1].get("nextPageToken"): 2}
        return httpx.Response(200, json=pages[index[token]])

    fake.add("GET", base, pager)

    models = by_id(await adapter(client, "gemini").list_models({"api_key": "AIza" + "x" * 35}))

    flash = models["gemini-2.5-flash"]
    assert flash.capabilities == {VISION, TOOLS, REASONING}
    # Reasoning is the provider's (thinking: true); vision and tools are the rules' guess.
    assert flash.capability_source == "rules"
    assert flash.context_length == 1048576
    assert flash.max_output_tokens == 65536
    assert models["gemini-2.0-flash"].capabilities == {VISION, TOOLS}
    gemma = models["gemma-3-27b-it"]
    assert gemma.capabilities == frozenset()
    assert gemma.max_output_tokens == 8192
    assert models["gemini-2.5-flash-preview-tts"].capabilities == frozenset()


# -- Anthropic ---------------------------------------------------------------------------------


async def test_anthropic_capabilities_object_and_max_tokens(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    page1, page2 = load("anthropic/models_page1.json"), load("anthropic/models_page2.json")

    def pager(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page2 if request.url.params.get("after_id") else page1)

    fake.add("GET", "https://api.anthropic.com/v1/models", pager)

    models = by_id(
        await adapter(client, "anthropic").list_models({"api_key": "sk-ant-" + "a" * 40})
    )

    opus = models["claude-opus-4-6"]
    assert opus.capabilities == {VISION, REASONING, TOOLS, JSON}
    assert opus.capability_source == "provider"
    assert opus.context_length == 200000
    assert opus.max_output_tokens == 128000
    haiku = models["claude-haiku-4-5-20251001"]
    assert JSON not in haiku.capabilities  # structured_outputs: {supported: false}
    assert haiku.max_output_tokens == 64000
    assert models["claude-3-haiku-20240307"].capability_source == "provider"
    # capabilities: null (an older proxy): only the always-true tools is the provider's.
    legacy = models["claude-legacy-proxy"]
    assert legacy.capabilities == {TOOLS}
    assert legacy.capability_source == "provider"


async def test_anthropic_without_capabilities_gets_the_claude_rules(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    body = {
        "data": [
            {
                "capabilities": None,
                "created_at": "2024-03-07T00:00:00Z",
                "display_name": "Claude 3 Haiku",
                "id": "claude-3-haiku-20240307",
                "max_input_tokens": None,
                "max_tokens": None,
                "type": "model",
            }
        ],
        "first_id": "claude-3-haiku-20240307",
        "last_id": "claude-3-haiku-20240307",
        "has_more": False,
    }
    fake.json("GET", "https://api.anthropic.com/v1/models", 200, body)

    [model] = await adapter(client, "anthropic").list_models({"api_key": "sk-ant-" + "a" * 40})

    assert model.capabilities == {VISION, TOOLS}
    assert model.capability_source == "rules"
    assert model.max_output_tokens is None


# -- Ollama ------------------------------------------------------------------------------------


async def test_ollama_show_capabilities_and_the_old_server_fallback(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    tags = {
        "models": [
            {"name": "qwen3:8b", "model": "qwen3:8b", "details": {"family": "qwen3"}},
            {"name": "llava:7b", "model": "llava:7b", "details": {"family": "llama"}},
        ]
    }
    old_show = load("ollama/show_llama2_old.json")  # no capabilities (older Ollama)

    def show(request: httpx.Request) -> httpx.Response:
        name = json.loads(request.content)["model"]
        return httpx.Response(
            200, json=load("ollama/show_qwen3.json") if name == "qwen3:8b" else old_show
        )

    fake.json("GET", "http://localhost:11434/api/tags", 200, tags)
    fake.add("POST", "http://localhost:11434/api/show", show)

    models = by_id(await adapter(client, "ollama").list_models({}))

    qwen = models["qwen3:8b"]
    assert qwen.capabilities == {TOOLS, REASONING}
    assert qwen.capability_source == "provider"
    assert qwen.context_length is not None
    llava = models["llava:7b"]
    assert llava.capabilities == {VISION}
    assert llava.capability_source == "rules"
    assert llava.context_length == 4096


# -- LM Studio ---------------------------------------------------------------------------------


async def test_lmstudio_v0_type_and_capabilities_list(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    body = load("lmstudio/models_v0.json")
    body["data"].append(
        {
            "id": "qwen2.5-7b-instruct",
            "object": "model",
            "type": "llm",
            "publisher": "lmstudio-community",
            "arch": "qwen2",
            "compatibility_type": "gguf",
            "quantization": "Q4_K_M",
            "state": "not-loaded",
            "max_context_length": 32768,
            "capabilities": ["tool_use"],
        }
    )
    fake.json("GET", "http://localhost:1234/api/v0/models", 200, body)

    models = by_id(await adapter(client, "lmstudio").list_models({}))

    vlm = models["qwen2-vl-7b-instruct"]
    assert VISION in vlm.capabilities
    assert vlm.context_length == 32768
    # type "llm" says "no image input", so the rules' guess cannot add it.
    assert VISION not in models["meta-llama-3.1-8b-instruct"].capabilities
    assert models["meta-llama-3.1-8b-instruct"].capability_source == "provider"
    assert models["qwen2.5-7b-instruct"].capabilities == {TOOLS}


async def test_lmstudio_v1_capabilities_object(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "http://localhost:1234/api/v0/models", 404, {"error": "Unexpected endpoint"})
    fake.json("GET", "http://localhost:1234/api/v1/models", 200, load("lmstudio/models_v1.json"))

    models = by_id(await adapter(client, "lmstudio").list_models({}))

    qwen = models["qwen/qwen3-vl-8b"]
    assert qwen.capabilities == {TOOLS, VISION}
    assert qwen.capability_source == "provider"
    assert qwen.context_length == 262144
    gemma = models["gemma-3-270m-it-qat"]
    assert gemma.capabilities == frozenset()
    assert gemma.capability_source == "provider"


# -- OpenAI-compatible descriptions ------------------------------------------------------------


async def test_mistral_capabilities_object(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "https://api.mistral.ai/v1/models", 200, load("mistral/models.json"))

    models = by_id(await adapter(client, "mistral").list_models({"api_key": "k" * 32}))

    large = models["mistral-large-2411"]
    assert large.capabilities == {TOOLS}
    assert large.capability_source == "provider"
    assert large.context_length == 131072
    assert models["pixtral-large-2411"].capabilities == {TOOLS, VISION}


async def test_groq_context_window_and_rules_for_capabilities(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", "https://api.groq.com/openai/v1/models", 200, load("groq/models.json"))

    models = by_id(await adapter(client, "groq").list_models({"api_key": "gsk_" + "a" * 40}))

    llama = models["llama-3.1-8b-instant"]
    assert llama.context_length == 131072
    assert llama.capabilities == {TOOLS}
    assert llama.capability_source == "rules"
    assert models["openai/gpt-oss-120b"].capabilities == {REASONING, TOOLS}
    whisper = models["whisper-large-v3"]
    assert whisper.capabilities == frozenset()
    assert whisper.capability_source == ""


async def test_deepseek_ids_only_so_rules(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "https://api.deepseek.com/models", 200, load("deepseek/models.json"))

    models = by_id(await adapter(client, "deepseek").list_models({"api_key": "sk-" + "a" * 32}))

    assert models["deepseek-chat"].capabilities == {TOOLS, JSON}
    assert models["deepseek-chat"].context_length == 128000
    assert models["deepseek-reasoner"].capabilities == {REASONING}
    assert {m.capability_source for m in models.values()} == {"rules"}


async def test_xai_input_modalities_win_over_rules(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", "https://api.x.ai/v1/models", 200, load("xai/models.json"))

    models = by_id(await adapter(client, "xai").list_models({"api_key": "xai-" + "a" * 40}))

    grok4 = models["grok-4-0709"]
    assert grok4.capabilities == {VISION, TOOLS, REASONING}
    # grok-3-mini says text-only input: vision stays off whatever a rule might say.
    mini = models["grok-3-mini"]
    assert VISION not in mini.capabilities
    assert mini.capabilities == {TOOLS, REASONING}


async def test_vllm_max_model_len(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "http://localhost:8000/v1/models", 200, load("vllm/models.json"))

    models = by_id(await adapter(client, "vllm").list_models({}))

    assert models["Qwen/Qwen3-8B"].context_length == 32768
    assert models["Qwen/Qwen3-8B"].capabilities == {REASONING}


# -- OpenAI, SiliconFlow, Jina, Cohere, Azure --------------------------------------------------


async def test_openai_list_says_nothing_so_rules(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", "https://api.openai.com/v1/models", 200, load("openai/models.json"))

    models = by_id(await make_provider("openai").list_models({"api_key": KEYS["openai"]}))

    mini = models["gpt-4o-mini"]
    assert mini.capabilities == {VISION, TOOLS, JSON}
    assert mini.capability_source == "rules"
    assert mini.context_length == 128000
    assert mini.max_output_tokens == 16384
    assert mini.price is None
    assert models["o3"].capabilities == {REASONING, VISION, TOOLS, JSON}
    assert models["whisper-1"].capabilities == frozenset()
    assert models["text-embedding-3-small"].capability_source == ""


async def test_siliconflow_ids_get_rules(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    listed = load("siliconflow/models_by_sub_type.json")

    def by_sub_type(request: httpx.Request) -> httpx.Response:
        sub = request.url.params.get("sub_type", "")
        return httpx.Response(200, json=listed.get(sub, {"object": "list", "data": []}))

    fake.add("GET", "https://api.siliconflow.cn/v1/models", by_sub_type)

    models = by_id(await make_provider("siliconflow").list_models({"api_key": KEYS["siliconflow"]}))

    assert models["deepseek-ai/DeepSeek-R1"].capabilities == {REASONING}
    assert models["deepseek-ai/DeepSeek-R1"].capability_source == "rules"


async def test_jina_list_modalities_and_price(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", "https://api.jina.ai/v1/models", 200, load("jina/models.json"))

    models = by_id(await make_provider("jina").list_models({"api_key": KEYS["jina"]}))

    v4 = models["jina-embeddings-v4"]
    assert v4.capabilities == {VISION}
    assert v4.capability_source == "provider"
    assert v4.price == ModelPrice(0.05, 0.0, "USD")
    assert v4.context_length == 8192
    assert v4.max_output_tokens is None  # max_output_length is the embedding size
    assert models["jina-embeddings-v3"].capabilities == frozenset()


async def test_jina_builtin_catalog_gets_rules(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", "https://api.jina.ai/v1/models", 404, {"detail": "Not Found"})

    models = by_id(await make_provider("jina").list_models({"api_key": KEYS["jina"]}))

    assert models["jina-clip-v2"].capabilities == {VISION}
    assert models["jina-clip-v2"].capability_source == "rules"
    assert models["jina-reranker-m0"].capabilities == {VISION}
    assert models["jina-embeddings-v3"].capability_source == ""


async def test_cohere_features(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "https://api.cohere.com/v1/models", 200, load("cohere/models_page1.json"))

    models = await adapter(client, "cohere").list_models({"api_key": "c" * 40})

    got = {(m.id, m.model_type): m for m in models}
    command = got["command-a-03-2025", T.LLM]
    assert command.capabilities == {TOOLS, JSON}
    assert command.capability_source == "provider"
    assert command.context_length == 256000
    assert got["command-a-vision-07-2025", T.LLM].capabilities == {VISION, JSON}


async def test_azure_deployments_matched_by_base_model(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    endpoint = "https://contoso.openai.azure.com"
    fake.json("GET", f"{endpoint}/openai/models", 200, load("azure_openai/models.json"))
    fake.json("GET", f"{endpoint}/openai/deployments", 200, load("azure_openai/deployments.json"))

    models = by_id(
        await adapter(client, "azure_openai").list_models(
            {"api_key": "a" * 32, "base_url": endpoint}
        )
    )

    chat = models["chat-prod"]
    assert chat.extra["base_model"] == "gpt-4o"
    assert chat.capabilities == {VISION, TOOLS, JSON}
    assert chat.capability_source == "rules"
