"""Providers as data on the command line: the catalog (built-ins, the admin's presets, broken
presets), a custom OpenAI-compatible endpoint saved and listed through a real ``modelhub``
process against a local HTTP server, and the secret prompts read from the description."""

from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from benchmarks.refresh_server import start_server
from modelhub.cli.main import UsageError, _Cli
from modelhub.providers.registry import builtin_info, builtin_infos, custom_provider_info

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

KEY = "sk-cli-registry-9f8e7d6c5b4a3928"
HEADER_SECRET = "tok-team-cli-0123456789"
ENC = "5d" * 32

PRESET = """\
name = "team_mirror"
family = "openai_compatible"
label = "Team mirror"
label_zh = "团队镜像"
description = "The team's regional mirror."
model_types = ["llm", "embedding"]

[[fields]]
preset = "api_key"

[[fields]]
preset = "base_url"
default = "https://mirror.example.com/v1"
"""


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    urls, stop = start_server(0.0, {"openai": 12})
    try:
        yield urls
    finally:
        stop()


class Cli:
    """Runs ``python -m modelhub`` with an isolated home and database."""

    def __init__(self, home: Path, db: str) -> None:
        self.home = home
        self.db = db
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "DATABASE_URL"}
        }
        self.env.update(
            MODELHUB_HOME=str(home),
            ENCRYPTION_KEY=ENC,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        self.outputs: list[str] = []

    def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "modelhub", "--db", self.db, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
            check=False,
        )
        self.outputs += [proc.stdout, proc.stderr]
        return proc

    def json(self, *args: str, stdin: str = "") -> Any:
        proc = self("--json", *args, stdin=stdin)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'cli.db'}")


def test_catalog_lists_builtins_presets_and_reports_broken_presets(cli: Cli) -> None:
    presets = cli.home / "providers"
    presets.mkdir(parents=True)
    (presets / "team_mirror.toml").write_text(PRESET, encoding="utf-8")
    (presets / "broken.toml").write_text(
        PRESET.replace('name = "team_mirror"', 'name = "broken"').replace(
            'family = "openai_compatible"', 'family = "telepathy"'
        ),
        encoding="utf-8",
    )

    proc = cli("--json", "providers", "catalog")

    assert proc.returncode == 0, proc.stderr
    catalog = json.loads(proc.stdout)
    builtins = builtin_infos()
    assert len(builtins) == 16
    assert [e["provider"] for e in catalog] == [*(i.name for i in builtins), "team_mirror"]
    for entry, info in zip(catalog, builtins, strict=False):
        assert set(entry) == {"provider", "label", "types", "family", "source"}
        assert entry == {
            "provider": info.name,
            "label": info.label,
            "types": [t.value for t in info.model_types],
            "family": info.family,
            "source": "builtin",
        }
    assert catalog[-1] == {
        "provider": "team_mirror",
        "label": "Team mirror",
        "types": ["llm", "embedding"],
        "family": "openai_compatible",
        "source": "preset",
    }
    assert proc.stderr.count("broken.toml") == 1, proc.stderr  # reported once, not fatal
    assert "(field family)" in proc.stderr
    assert "telepathy" in proc.stderr

    text = cli("providers", "catalog")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) == 17
    assert lines[-1].split()[:4] == ["team_mirror", "Team", "mirror", "preset"]

    # The preset can be used like a built-in (here: its address is unreachable).
    proc = cli("--json", "providers", "list")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert listed[-1]["provider"] == "team_mirror"
    assert listed[-1]["source"] == "preset"


def test_custom_provider_saved_listed_and_its_models_offered(
    cli: Cli, server: dict[str, str]
) -> None:
    config = {
        "label": "Team gateway",
        "base_url": server["openai"],
        "api_key": KEY,
        "headers": {"X-Team-Token": HEADER_SECRET},
        "types": ["llm", "embedding"],
    }
    saved = cli.json(
        "providers", "save", "custom:team-gw", "--config", "-", stdin=json.dumps(config)
    )
    assert saved["saved"] is True
    assert saved["status"] == "valid"
    assert saved["catalog"]["total"] == 6  # 12 listed; tts and whisper are not offered

    providers = cli.json("providers", "list")
    custom = next(p for p in providers if p["provider"] == "custom:team-gw")
    assert custom["label"] == "Team gateway"
    assert custom["source"] == "custom"
    assert (custom["configured"], custom["isValid"]) == (True, True)
    assert custom["maskedKey"] == f"{KEY[:3]}…{KEY[-4:]}"
    assert custom["modelTypes"] == ["llm", "embedding"]
    assert [p["provider"] for p in providers][:16] == [i.name for i in builtin_infos()]

    catalog = cli.json("providers", "catalog")
    assert catalog[-1] == {
        "provider": "custom:team-gw",
        "label": "Team gateway",
        "types": ["llm", "embedding"],
        "family": "openai_compatible",
        "source": "custom",
    }

    models = cli.json("models", "list")
    assert {m["model"] for m in models["llm"] if m["provider"] == "custom:team-gw"} == {
        "gpt-bench-0",
        "gpt-bench-4",
        "gpt-bench-8",
    }
    assert {m["model"] for m in models["embedding"]} == {
        "text-embedding-bench-1",
        "text-embedding-bench-5",
        "text-embedding-bench-9",
    }
    assert models["tts"] == []
    assert models["speech_to_text"] == []
    only = cli.json("models", "list", "--provider", "custom:team-gw", "--type", "embedding")
    assert len(only["embedding"]) == 3

    chosen = cli.json("defaults", "set", "llm", "custom:team-gw", "gpt-bench-4")
    assert chosen["llm"] == {"provider": "custom:team-gw", "model": "gpt-bench-4"}
    tested = cli.json("providers", "test", "custom:team-gw")
    assert tested["valid"] is True

    deleted = cli.json("providers", "delete", "custom:team-gw")
    assert deleted == {"deleted": "custom:team-gw", "clearedDefaults": ["llm"]}
    assert "custom:team-gw" not in [p["provider"] for p in cli.json("providers", "list")]
    everything = "".join(cli.outputs)
    assert KEY not in everything
    assert HEADER_SECRET not in everything


def test_custom_provider_errors(cli: Cli, server: dict[str, str]) -> None:
    keyless = json.dumps({"label": "Team gateway", "base_url": server["openai"]})
    proc = cli("--json", "providers", "save", "custom:team-gw", "--config", "-", stdin=keyless)
    assert proc.returncode == 1
    body = json.loads(proc.stdout)
    assert (body["saved"], body["status"]) == (False, "invalid_credentials")

    plain_http = json.dumps(
        {"label": "Gateway", "base_url": "http://gateway.example.com/v1", "api_key": KEY}
    )
    proc = cli("providers", "save", "custom:team-gw", "--config", "-", stdin=plain_http)
    assert proc.returncode == 1
    assert "modelhub: error:" in proc.stderr
    assert "http" in proc.stderr.lower()

    proc = cli("providers", "save", "custom:Team_GW", "--config", "-", stdin=plain_http)
    assert proc.returncode == 1
    assert "not a custom provider name" in proc.stderr
    assert "Traceback" not in "".join(cli.outputs)
    assert KEY not in "".join(cli.outputs)


# -- prompting for secrets (no --config) ----------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _reader(stdin: io.StringIO) -> _Cli:
    return _Cli(argparse.Namespace(config=None, json=False), stdin, io.StringIO())


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream: Any = None) -> str:
        asked.append(prompt)
        return f"  secret-{len(asked)}  "

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    return asked


def test_openai_asks_once_for_its_api_key(prompts: list[str]) -> None:
    config = _reader(_Tty()).read_config(builtin_info("openai"))
    assert prompts == ["OpenAI API key (input hidden): "]
    assert config == {"api_key": "  secret-1  "}


def test_ollama_asks_nothing(prompts: list[str]) -> None:
    assert _reader(_Tty()).read_config(builtin_info("ollama")) == {}
    assert _reader(io.StringIO()).read_config(builtin_info("ollama")) == {}
    assert prompts == []


def test_optional_key_is_asked_as_optional(
    prompts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or "   ")
    assert _reader(_Tty()).read_config(builtin_info("vllm")) == {}
    assert prompts == ["vLLM API key (input hidden, optional): "]


def test_custom_provider_asks_for_its_api_key(prompts: list[str]) -> None:
    info = custom_provider_info("custom:team-gw", {"label": "Team gateway"})
    config = _reader(_Tty()).read_config(info)
    assert prompts == ["Team gateway API key (input hidden, optional): "]
    assert config == {"api_key": "  secret-1  "}


def test_no_terminal_and_no_config_is_a_usage_error(prompts: list[str]) -> None:
    with pytest.raises(UsageError, match="--config -"):
        _reader(io.StringIO()).read_config(builtin_info("anthropic"))
    assert prompts == []


def test_config_json_from_stdin_is_not_prompted(prompts: list[str]) -> None:
    reader = _Cli(
        argparse.Namespace(config="-", json=False),
        _Tty('{"base_url": "http://127.0.0.1:11434"}'),
        io.StringIO(),
    )
    assert reader.read_config(builtin_info("ollama")) == {"base_url": "http://127.0.0.1:11434"}
    assert prompts == []
