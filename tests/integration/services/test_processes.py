"""Crashes and concurrent writers on one SQLite file, through the real services
(SECURITY.md item 9; issue 2 "two processes saving to the same SQLite file")."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from save_worker import key_for
from support.fake_providers import TEST_ENCRYPTION_KEY

from modelhub.crypto.envelope import Cipher, parse_hex_key

WORKER = Path(__file__).with_name("save_worker.py")


def _spawn(db: Path, workspace: str, provider: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.Popen(
        [sys.executable, str(WORKER), f"sqlite:///{db}", workspace, provider, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _decrypt_all(db: Path) -> dict[tuple[str, str], str]:
    """Every stored key by (workspace name, provider), checking the file on the way."""
    cipher = Cipher(parse_hex_key(TEST_ENCRYPTION_KEY))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute(
            "SELECT t.name, c.tenant_id, c.provider, c.encrypted_config "
            "FROM provider_configs c JOIN tenants t ON t.id = c.tenant_id"
        ).fetchall()
    return {
        (name, provider): cipher.decrypt(token, tenant, provider)["api_key"]
        for name, tenant, provider, token in rows
    }


def test_sigkill_while_saving_leaves_every_row_decryptable(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(20261127)
    for round_no in range(5):
        proc = _spawn(db, "Crash", "openai", 0)
        assert proc.stdout is not None
        committed = 0
        # Let it commit a few saves, then kill it at a random moment of a later one.
        target = rng.randint(2, 6)
        while committed < target:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "worker died"
            committed = int(line)
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rest = proc.stdout.read()
        committed = max([committed, *(int(x) for x in rest.split())])
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        stored = _decrypt_all(db)[("Crash", "openai")]
        # The row holds the last committed value or the one being written at the kill.
        assert stored in {key_for(committed), key_for(committed + 1)}, round_no


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    # Create the schema first so neither worker races the other through migrations.
    first = _spawn(db, "Alpha", "jina", 1)
    assert first.wait(timeout=120) == 0
    assert first.stdout is not None
    first.stdout.close()
    if first.stderr:
        first.stderr.close()

    workers = [_spawn(db, "Alpha", "openai", 25), _spawn(db, "Beta", "openai", 25)]
    for proc in workers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert out.split()[-1] == "25"
    stored = _decrypt_all(db)
    assert stored[("Alpha", "openai")] == key_for(25)
    assert stored[("Beta", "openai")] == key_for(25)
    assert stored[("Alpha", "jina")] == key_for(1)


def test_simultaneous_first_starts_share_one_new_key(tmp_path: Path) -> None:
    """Four processes starting at once on an empty data folder all start (issue 14): the
    first creates the key, the others wait for it and use it."""
    home = tmp_path / "fresh-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENCRYPTION_KEY", "DATABASE"))}
    env.update(MODELHUB_HOME=str(home), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "modelhub", "--json", "keys", "show"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in results]
    kids = {json.loads(out)["kid"] for out, _ in results}
    assert len(kids) == 1
    told = sum("A new encryption key was generated" in err for _, err in results)
    assert told == 1  # only the process that made it says so
    assert (home / ".env").read_text().count("ENCRYPTION_KEY=") == 1


def test_concurrent_saves_of_one_provider_all_succeed(db_url: str) -> None:
    """4 processes x 15 saves of the same workspace's provider (issue 14, item 4): none
    fails; each save is one outcome (the catalog replacement no longer collides)."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def spawn(count: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, str(WORKER), db_url, "Shared", "openai", str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    first = spawn(1)  # the schema and the workspace, before the race
    _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    workers = [spawn(15) for _ in range(4)]
    results = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0, 0], [e for _, e in results]
    for out, err in results:
        assert out.split()[-1] == "15"
        assert "already exists" not in err
