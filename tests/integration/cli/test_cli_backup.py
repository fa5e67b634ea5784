"""``modelhub backup`` never overwrites by surprise and ``modelhub restore`` checks a backup
before it replaces anything (issue 12, item 6): real processes on real SQLite files, the
providers on a local HTTP server over real sockets."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
from support.cli_runner import ENC, Cli

from benchmarks.refresh_server import start_server

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

KEY = "sk-cli-backup-8e7d6c5b4a3928170"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    urls, stop = start_server(0.0, {"openai": 4, "openrouter": 8, "jina": 2, "siliconflow": 5})
    try:
        yield urls
    finally:
        stop()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'live.db'}")


def _save(cli: Cli, provider: str, url: str) -> None:
    config = json.dumps({"api_key": KEY, "base_url": url})
    assert cli.json("providers", "save", provider, "--config", "-", stdin=config)["saved"]


def _configured(cli: Cli) -> set[str]:
    return {p["provider"] for p in cli.json("providers", "list") if p["configured"]}


def test_backup_refuses_to_overwrite_unless_forced(
    cli: Cli, tmp_path: Path, server: dict[str, str]
) -> None:
    _save(cli, "openai", server["openai"])
    target = tmp_path / "b.db"
    target.write_bytes(b"an older backup")
    refused = cli("backup", str(target))
    assert refused.returncode == 1
    assert "already exists; it was not overwritten" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"an older backup"
    assert cli("backup", str(target), "--force").returncode == 0
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_backup_refuses_the_live_database_and_its_files(
    cli: Cli, tmp_path: Path, server: dict[str, str], suffix: str
) -> None:
    _save(cli, "openai", server["openai"])
    live = tmp_path / f"live.db{suffix}"
    before = live.read_bytes() if live.exists() else None
    proc = cli("backup", str(live), "--force")
    assert proc.returncode == 1
    assert "is the database itself" in proc.stderr
    if before is not None and suffix == "":
        assert live.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _configured(cli) == {"openai"}


def test_restore_brings_a_deleted_provider_back_and_keeps_a_copy(
    cli: Cli, tmp_path: Path, server: dict[str, str]
) -> None:
    _save(cli, "openai", server["openai"])
    _save(cli, "openrouter", server["openrouter"])
    backup = tmp_path / "backup.db"
    assert cli("backup", str(backup)).returncode == 0
    assert cli("providers", "delete", "openrouter").returncode == 0
    assert _configured(cli) == {"openai"}

    no_tty = cli("restore", str(backup))
    assert no_tty.returncode == 2
    assert "--yes" in no_tty.stderr
    assert _configured(cli) == {"openai"}

    done = cli.json("restore", str(backup), "--yes")
    assert done["providerConfigs"] == 2
    assert _configured(cli) == {"openai", "openrouter"}
    kept = tmp_path / done["previousCopy"].rsplit("/", 1)[1]
    assert kept.exists()
    assert kept.name.startswith("live.before-restore-")
    # The kept copy is the database as it was: OpenRouter deleted.
    as_it_was = Cli(tmp_path / "home", f"sqlite:///{kept}")
    assert _configured(as_it_was) == {"openai"}
    # And the restored keys still work.
    assert cli.json("providers", "test", "openrouter")["valid"] is True


def test_restore_refuses_a_damaged_or_foreign_file(
    cli: Cli, tmp_path: Path, server: dict[str, str]
) -> None:
    _save(cli, "openai", server["openai"])
    backup = tmp_path / "backup.db"
    assert cli("backup", str(backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    for offset in range(4096, len(data), 512):  # scribble over every page after the first
        data[offset : offset + 16] = b"\xde\xad\xbe\xef" * 4
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    for path, words in (
        (damaged, ("damaged", "cannot be read", "not a SQLite", "not a ModelHub")),
        (junk, ("not a SQLite database", "cannot be")),
        (tmp_path / "missing.db", ("no backup file",)),
    ):
        proc = cli("restore", str(path), "--yes")
        assert proc.returncode == 1, (path, proc.stderr)
        assert any(w in proc.stderr for w in words), proc.stderr
        assert "Traceback" not in proc.stderr
    assert _configured(cli) == {"openai"}


def test_restore_refuses_a_backup_made_under_another_key(
    tmp_path: Path, server: dict[str, str]
) -> None:
    other = Cli(
        tmp_path / "other", f"sqlite:///{tmp_path / 'other.db'}", {"ENCRYPTION_KEY": "7a" * 32}
    )
    _save(other, "openai", server["openai"])
    backup = tmp_path / "other-backup.db"
    assert other("backup", str(backup)).returncode == 0
    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'live.db'}")
    assert ENC != "7a" * 32
    _save(cli, "jina", server["jina"])
    proc = cli("restore", str(backup), "--yes")
    assert proc.returncode == 1
    assert "cannot decrypt 1 of 1 provider config" in proc.stderr
    assert _configured(cli) == {"jina"}


def test_restore_refuses_while_another_process_has_the_database_open(
    cli: Cli, tmp_path: Path, server: dict[str, str]
) -> None:
    _save(cli, "openai", server["openai"])
    backup = tmp_path / "backup.db"
    assert cli("backup", str(backup)).returncode == 0
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import asyncio, sys\n"
            "from modelhub.services.bootstrap import open_services\n"
            f"svc = open_services(db={cli.db!r}, use_keyring=False)\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n"
            "asyncio.run(svc.aclose())\n",
        ],
        env=cli.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        try:
            assert holder.stdout.readline().strip() == "open"
            proc = cli("restore", str(backup), "--yes")
            assert proc.returncode == 1
            assert "Another ModelHub window or command has this database open" in proc.stderr
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if cli("restore", str(backup), "--yes").returncode == 0:
            break
    else:
        pytest.fail("restore still refused after the other process closed the database")
