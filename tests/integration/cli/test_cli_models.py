"""``modelhub models enable|disable|add|remove``, ``modelhub check`` and the balance in
``providers list --json`` (issue 10), as a script runs them: real processes, a real database
file, providers on local HTTP servers over real sockets."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from support.cli_runner import ENC, Cli

from benchmarks.probe_server import ProbeServer
from benchmarks.refresh_server import start_server

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

KEY = "sk-cli-test-9f8e7d6c5b4a39281706"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    urls, stop = start_server(0.0, {"openai": 8, "openrouter": 16, "jina": 4, "siliconflow": 10})
    try:
        yield urls
    finally:
        stop()


@pytest.fixture
def gateways() -> Iterator[ProbeServer]:
    srv = ProbeServer(gateways=2, models_per_gateway=3, delay_s=0.05)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    assert ENC
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'cli.db'}")


def _save(cli: Cli, provider: str, url: str) -> None:
    config = json.dumps({"api_key": KEY, "base_url": url})
    saved = cli.json("providers", "save", provider, "--config", "-", stdin=config)
    assert saved["saved"] is True, saved


def _save_gateway(cli: Cli, n: int, url: str) -> str:
    config = json.dumps({"label": f"Gateway {n}", "base_url": url, "api_key": KEY})
    saved = cli.json("providers", "save", f"custom:gateway-{n}", "--config", "-", stdin=config)
    assert saved["saved"] is True, saved
    return f"custom:gateway-{n}"


def _models(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    listed = cli.json("models", "list", *args)
    return {m["model"]: m for ms in listed.values() for m in ms}


def test_models_list_json_has_the_managed_fields(cli: Cli, server: dict[str, str]) -> None:
    _save(cli, "openrouter", server["openrouter"])
    models = _models(cli, "--provider", "openrouter")
    entry = next(iter(models.values()))
    assert set(entry) >= {
        "provider",
        "model",
        "type",
        "enabled",
        "custom",
        "capabilities",
        "contextLength",
        "maxOutputTokens",
        "pricing",
        "lastCheck",
    }
    assert entry["enabled"] is True
    assert entry["custom"] is False
    assert entry["lastCheck"] is None
    # The benchmark server's OpenRouter prices are $0.00003 / $0.00006 per token.
    assert entry["pricing"] == {
        "input": pytest.approx(30.0),
        "output": pytest.approx(60.0),
        "currency": "USD",
        "unit": "1M tokens",
    }
    assert entry["maxOutputTokens"] == 4096
    assert isinstance(entry["capabilities"], list)


def test_disable_enable_and_defaults_refuse_a_disabled_model(
    cli: Cli, server: dict[str, str]
) -> None:
    _save(cli, "openai", server["openai"])
    model = next(m for m, e in _models(cli, "--type", "llm").items() if e["type"] == "llm")
    proc = cli("models", "disable", "openai", model)
    assert proc.returncode == 0, proc.stderr
    assert "Disabled 1 OpenAI model." in proc.stdout
    assert _models(cli)[model]["enabled"] is False
    assert model not in _models(cli, "--enabled-only")

    refused = cli("defaults", "set", "llm", "openai", model)
    assert refused.returncode == 1
    assert f"{model} is disabled in this workspace" in refused.stderr
    assert f"modelhub models enable openai {model}" in refused.stderr
    assert "Traceback" not in refused.stderr

    missing = cli("models", "disable", "openai", "no-such-model")
    assert missing.returncode == 1
    assert "no model 'no-such-model'" in missing.stderr

    assert cli("models", "enable", "openai", model).returncode == 0
    assert cli("defaults", "set", "llm", "openai", model).returncode == 0


def test_add_and_remove_a_custom_model(cli: Cli, server: dict[str, str]) -> None:
    _save(cli, "openai", server["openai"])
    added = cli.json(
        "models",
        "add",
        "openai",
        "ft:gpt-4o-mini:acme::x1",
        "--type",
        "llm",
        "--capability",
        "tools",
        "--capability",
        "vision",
        "--context-length",
        "64000",
    )
    assert added["custom"] is True
    assert added["capabilities"] == ["vision", "tools"]
    assert added["contextLength"] == 64000
    assert cli("models", "refresh", "openai").returncode == 0
    assert _models(cli)["ft:gpt-4o-mini:acme::x1"]["custom"] is True

    bad = cli("models", "add", "openai", "x", "--type", "llm", "--capability", "telepathy")
    assert bad.returncode == 1
    assert "Unknown capability 'telepathy'" in bad.stderr
    no_type = cli("models", "add", "openai", "x")
    assert no_type.returncode == 2

    listed = next(m for m, e in _models(cli).items() if not e["custom"])
    refused = cli("models", "remove", "openai", listed)
    assert refused.returncode == 1
    assert "disable it instead" in refused.stderr
    assert cli("models", "remove", "openai", "ft:gpt-4o-mini:acme::x1").returncode == 0
    assert "ft:gpt-4o-mini:acme::x1" not in _models(cli)


def test_providers_list_json_gains_the_balance(cli: Cli, server: dict[str, str]) -> None:
    _save(cli, "openrouter", server["openrouter"])
    _save(cli, "openai", server["openai"])
    states = {p["provider"]: p for p in cli.json("providers", "list")}
    router = states["openrouter"]["balance"]
    assert router["kind"] == "key_limit"
    assert (router["limit"], router["amount"], router["usage"]) == (100, 74.5, 25.5)
    assert router["currency"] == "USD"
    assert router["fetchedAt"]
    assert states["openai"]["balance"]["kind"] == "unknown"
    assert states["openai"]["balance"]["amount"] is None
    assert states["jina"]["balance"] is None
    text = cli("providers", "list").stdout
    assert "$74.50 left of $100.00, $25.50 used" in text


def test_check_prints_one_result_per_model_and_exits_by_outcome(
    cli: Cli, gateways: ProbeServer
) -> None:
    first = _save_gateway(cli, 0, gateways.url(0))
    _save_gateway(cli, 1, gateways.url(1))
    results = cli.json("check")
    assert len(results) == 6
    for entry in results:
        assert set(entry) == {
            "provider",
            "model",
            "type",
            "ok",
            "firstByteMs",
            "totalMs",
            "detail",
            "error",
        }
        assert entry["ok"] is True
        assert entry["firstByteMs"] >= 50  # the server waits 50 ms: measured, not invented
        assert entry["totalMs"] >= entry["firstByteMs"]
    listed = _models(cli, "--provider", first)
    assert all(m["lastCheck"]["ok"] for m in listed.values())

    gateways.gone.add("chat-model-2")
    proc = cli("check", "--provider", first)
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 4  # three results and the summary
    assert any(line.startswith("FAIL") and "does not exist" in line for line in lines)
    assert lines[-1] == "2 of 3 passed, 1 failed."

    one = cli.json("check", "--provider", first, "--model", "chat-model-0")
    assert [(r["model"], r["ok"]) for r in one] == [("chat-model-0", True)]


def test_check_defaults_and_usage_errors(cli: Cli, gateways: ProbeServer) -> None:
    provider = _save_gateway(cli, 0, gateways.url(0))
    empty = cli("check", "--defaults")
    assert empty.returncode == 0
    assert "no default model is set" in empty.stdout
    assert cli("defaults", "set", "llm", provider, "chat-model-1").returncode == 0
    only = cli.json("check", "--defaults")
    assert [(r["provider"], r["model"], r["type"]) for r in only] == [
        (provider, "chat-model-1", "llm")
    ]
    assert cli("check", "--model", "chat-model-1").returncode == 2
    assert cli("check", "--defaults", "--provider", provider).returncode == 2
    assert cli("check", "--concurrency", "0").returncode == 2
    assert cli("check", "--type", "vision").returncode == 1
