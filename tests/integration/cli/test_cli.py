"""The ``modelhub`` command line as a person or a script runs it: a real process, a real
database file (or PostgreSQL), the providers on a local HTTP server over real sockets."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from support.cli_runner import ENC, Cli

from benchmarks.refresh_server import start_server
from modelhub.providers.registry import builtin_infos

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

KEY = "sk-cli-test-9f8e7d6c5b4a39281706"
BAD = "sk-bad-cli-test-000000000000000"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    urls, stop = start_server(0.0, {"openai": 40, "openrouter": 60, "jina": 10, "siliconflow": 50})
    try:
        yield urls
    finally:
        stop()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'cli.db'}")


def _config(url: str, key: str = KEY) -> str:
    return json.dumps({"api_key": key, "base_url": url})


def test_version() -> None:
    from modelhub import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "modelhub", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"modelhub {__version__}"


def test_full_round_trip_prints_the_seed_shapes(cli: Cli, server: dict[str, str]) -> None:
    assert cli.json("workspaces", "create", "Acme")["name"] == "Acme"
    saved = cli.json(
        "--workspace",
        "Acme",
        "providers",
        "save",
        "openai",
        "--config",
        "-",
        stdin=_config(server["openai"]),
    )
    assert saved["saved"] is True
    assert saved["valid"] is True
    assert saved["status"] == "valid"

    providers = cli.json("--workspace", "Acme", "providers", "list")
    names = [p["provider"] for p in providers]
    assert names == [info.name for info in builtin_infos()]
    assert names[:4] == ["openai", "openrouter", "jina", "siliconflow"]
    openai = providers[0]
    assert set(openai) >= {
        "provider",
        "label",
        "configured",
        "isValid",
        "lastValidatedAt",
        "maskedKey",
        "models",
    }
    assert openai["configured"] is True
    assert openai["isValid"] is True
    assert openai["maskedKey"] == f"{KEY[:3]}…{KEY[-4:]}"
    assert openai["lastValidatedAt"]
    assert openai["models"]
    assert providers[1]["configured"] is False
    assert providers[1]["models"] == []

    models = cli.json("--workspace", "Acme", "models", "list")
    assert set(models) == {"llm", "embedding", "rerank", "tts", "speech_to_text"}
    llm = models["llm"][0]
    assert {"provider", "model"} <= set(llm)
    assert llm["provider"] == "openai"

    chosen = models["embedding"][0]["model"]
    cli.json("--workspace", "Acme", "defaults", "set", "embedding", "openai", chosen)
    defaults = cli.json("--workspace", "Acme", "defaults", "show")
    assert defaults["embedding"] == {"provider": "openai", "model": chosen}
    assert defaults["rerank"] is None

    # The Default workspace saw none of it.
    assert cli.json("providers", "list")[0]["configured"] is False

    deleted = cli.json("--workspace", "Acme", "providers", "delete", "openai")
    assert deleted["clearedDefaults"] == ["embedding"]
    assert KEY not in "".join(cli.outputs)


def test_validate_bad_key_exits_1_with_classified_json(cli: Cli, server: dict[str, str]) -> None:
    proc = cli(
        "--json",
        "providers",
        "validate",
        "jina",
        "--config",
        "-",
        stdin=_config(server["jina"], BAD),
    )
    assert proc.returncode == 1
    body = json.loads(proc.stdout)
    assert body["valid"] is False
    assert body["status"] == "invalid_credentials"
    assert body["error"]
    assert body["hint"]
    assert BAD not in proc.stdout + proc.stderr


def test_save_bad_key_stores_nothing(cli: Cli, server: dict[str, str]) -> None:
    proc = cli(
        "providers",
        "save",
        "siliconflow",
        "--config",
        "-",
        stdin=_config(server["siliconflow"], BAD),
    )
    assert proc.returncode == 1
    assert "Not saved" in proc.stderr  # a failure goes to stderr; stdout stays for results
    assert proc.stdout == ""
    assert cli.json("providers", "list")[3]["configured"] is False


def test_unreachable_needs_save_anyway(cli: Cli) -> None:
    config = json.dumps({"api_key": KEY, "base_url": "http://127.0.0.1:9/v1"})
    proc = cli("providers", "save", "openai", "--config", "-", stdin=config)
    assert proc.returncode == 1
    assert "--save-anyway" in proc.stderr
    proc = cli("providers", "save", "openai", "--config", "-", "--save-anyway", stdin=config)
    assert proc.returncode == 0, proc.stderr
    listed = cli.json("providers", "list")[0]
    assert (listed["configured"], listed["isValid"], listed["status"]) == (
        True,
        False,
        "unreachable",
    )


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--workspace", "Nope", "providers", "list"], "", "No workspace named 'Nope'"),
        (["providers", "save", "nosuch", "--config", "-"], "{}", "Unknown provider"),
        (["providers", "save", "openai", "--config", "-"], "not json", "not valid JSON"),
        (["providers", "save", "openai", "--config", "-"], "[]", "must be a JSON object"),
        (["providers", "save", "openai", "--config", "-"], '{"api_key": "  "}', "API key is empty"),
        (["providers", "save", "openai", "--config", "-"], '{"token": "x"}', "Unknown config"),
        (["models", "list", "--type", "vision"], "", "Unknown model type 'vision'"),
        (["defaults", "set", "llm", "openai", "gpt-4o"], "", "OpenAI is not configured"),
        (["workspaces", "create", "Default"], "", "already exists"),
    ],
)
def test_failures_exit_1_with_one_line_and_no_traceback(
    cli: Cli, args: list[str], stdin: str, message: str
) -> None:
    proc = cli(*args, stdin=stdin)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
    assert lines[0].startswith("modelhub: error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["providers"],
        ["providers", "save", "openai", "sk-key-on-the-command-line"],
        ["providers", "save", "openai", "--config", "file.json"],
        ["providers", "save", "openai"],  # no terminal to ask on, no --config -
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    proc = cli(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_ten_megabyte_config_is_refused(cli: Cli) -> None:
    huge = json.dumps({"api_key": KEY, "pad": "x" * (10 * 1024 * 1024)})
    proc = cli("providers", "save", "openai", "--config", "-", stdin=huge)
    assert proc.returncode == 1
    assert "at most 65,536" in proc.stderr


def test_malformed_key_is_one_clear_message(cli: Cli) -> None:
    cli.env["ENCRYPTION_KEY"] = "0" * 63
    proc = cli("workspaces", "list")
    assert proc.returncode == 1
    assert "63" in proc.stderr
    assert "openssl rand -hex 32" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_env_file_supplies_database_and_key(tmp_path: Path, server: dict[str, str]) -> None:
    env_file = tmp_path / "platform.env"
    db = tmp_path / "platform.db"
    env_file.write_text(f'DATABASE_URL="sqlite:///{db}"\nENCRYPTION_KEY={ENC}\n')
    cli = Cli(tmp_path / "home", None, env={"ENCRYPTION_KEY": ""})
    del cli.env["ENCRYPTION_KEY"]
    saved = cli.json(
        "--env-file",
        str(env_file),
        "providers",
        "save",
        "openrouter",
        "--config",
        "-",
        stdin=_config(server["openrouter"]),
    )
    assert saved["saved"] is True
    assert db.exists()
    assert not (tmp_path / "home" / "modelhub.db").exists()
    assert not (tmp_path / "home" / ".env").exists()  # the platform key was used, none generated
    shown = cli.json("--env-file", str(env_file), "keys", "show")
    assert shown["source"].startswith(".env file")


def test_keys_rotate_dry_run_and_real(tmp_path: Path, server: dict[str, str]) -> None:
    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'k.db'}")
    cli.json("providers", "save", "jina", "--config", "-", stdin=_config(server["jina"]))
    new = "5e" * 32
    cli.env.update(ENCRYPTION_KEY=new, ENCRYPTION_KEY_PREVIOUS=ENC)
    dry = cli.json("keys", "rotate", "--dry-run")
    assert (dry["total"], dry["reencrypted"], dry["dryRun"]) == (1, 1, True)
    done = cli.json("keys", "rotate")
    assert done["reencrypted"] == 1
    del cli.env["ENCRYPTION_KEY_PREVIOUS"]
    assert cli.json("providers", "list")[2]["maskedKey"] == f"{KEY[:3]}…{KEY[-4:]}"


def test_nothing_secret_in_output_logs_or_database(tmp_path: Path, server: dict[str, str]) -> None:
    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 's.db'}")
    for name in ("openai", "openrouter", "jina", "siliconflow"):
        cli.json("providers", "save", name, "--config", "-", stdin=_config(server[name]))
    cli("providers", "validate", "openai", "--config", "-", stdin=_config(server["openai"], BAD))
    cli.json("models", "refresh")
    cli.json("providers", "list")
    log_file = tmp_path / "home" / "logs" / "modelhub.log"
    assert "saved openai config" in log_file.read_text()  # the log is written, keys are not
    assert (log_file.stat().st_mode & 0o777) == 0o600
    blobs = ["".join(cli.outputs).encode()]
    for path in [*tmp_path.rglob("*")]:
        if path.is_file():
            blobs.append(path.read_bytes())
    for secret in (KEY, BAD):
        needles = {secret[i : i + 12] for i in range(len(secret) - 11)}
        for blob in blobs:
            assert not any(n.encode() in blob for n in needles)


@pytest.mark.postgres
def test_postgres_with_a_prisma_style_url(
    pg_url: str, tmp_path: Path, server: dict[str, str]
) -> None:
    cli = Cli(tmp_path / "home", pg_url)
    saved = cli.json(
        "providers", "save", "siliconflow", "--config", "-", stdin=_config(server["siliconflow"])
    )
    assert saved["saved"] is True
    listed = cli.json("providers", "list")
    assert listed[3]["isValid"] is True
    assert listed[3]["models"]


def test_backup_is_a_consistent_encrypted_copy(tmp_path: Path, server: dict[str, str]) -> None:
    import sqlite3

    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'live.db'}")
    cli.json("providers", "save", "openai", "--config", "-", stdin=_config(server["openai"]))
    copy = tmp_path / "backups" / "modelhub-copy.db"
    refused = cli("backup", str(copy))  # ModelHub creates no folder outside its data folder
    assert refused.returncode == 1
    assert "does not exist; the backup was not written" in refused.stderr
    copy.parent.mkdir()
    done = cli.json("backup", str(copy))
    assert done["backup"] == str(copy)
    assert (copy.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        [token] = [r[0] for r in conn.execute("SELECT encrypted_config FROM provider_configs")]
    assert token.startswith("mh1.")
    assert KEY.encode() not in copy.read_bytes()
    # The copy opens as a database of its own, with the same key.
    restored = Cli(tmp_path / "home", f"sqlite:///{copy}")
    assert restored.json("providers", "list")[0]["maskedKey"] == f"{KEY[:3]}…{KEY[-4:]}"


@pytest.mark.postgres
def test_backup_of_postgres_points_to_pg_dump(pg_url: str, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home", pg_url)
    proc = cli("backup", str(tmp_path / "x.db"))
    assert proc.returncode == 1
    assert "pg_dump" in proc.stderr
