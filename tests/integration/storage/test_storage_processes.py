"""Several processes on one SQLite file: no lost update, no "database is locked", and a
process killed with SIGKILL mid-save never leaves a damaged or half-written database."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from modelhub.storage.engine import create_engine_for, migrate
from modelhub.storage.tables import model_catalog
from modelhub.storage.uow import make_uow_factory

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

WORKER = Path(__file__).with_name("storage_worker.py")


def _spawn(*args: str, stdin: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Engine:
    eng = create_engine_for(sqlite_url)
    migrate(eng)
    return eng


@pytest.mark.timeout(120)
def test_two_processes_writing_at_once_lose_nothing(sqlite_url: str, sqlite_engine: Engine) -> None:
    factory = make_uow_factory(sqlite_engine)
    with factory() as uow:
        ws = uow.workspaces.add("Default")
        uow.commit()
    count = 100
    workers = [
        _spawn("increment", sqlite_url, ws.id, name, str(count), stdin=True) for name in ("a", "b")
    ]
    # Start both loops together (after the slow imports) so their writes really interleave.
    for proc in workers:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in workers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in workers:
        _, err = proc.communicate(timeout=100)
        assert proc.returncode == 0, err
        assert "locked" not in err
    with factory() as uow:
        counter = uow.configs.get(ws.id, "counter")
        providers = {c.provider for c in uow.configs.list(ws.id)}
    sqlite_engine.dispose()
    # Every read-modify-write of the shared row survived: BEGIN IMMEDIATE serialises them.
    assert counter is not None
    assert counter.encrypted_config == str(2 * count)
    assert providers == {"counter"} | {f"w{n}-{i}" for n in "ab" for i in range(count)}


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.timeout(120)
def test_sigkill_while_saving_leaves_a_sound_database(
    sqlite_url: str, sqlite_engine: Engine
) -> None:
    factory = make_uow_factory(sqlite_engine)
    with factory() as uow:
        ws = uow.workspaces.add("Default")
        uow.commit()
    sqlite_engine.dispose()
    rng = random.Random()
    rounds = 6
    for round_ in range(rounds):
        proc = _spawn("churn", sqlite_url, ws.id, str(round_))
        assert proc.stdout is not None
        ready = proc.stdout.readline()  # blocks until the first commit
        assert ready.strip() == "ready", proc.stderr.read() if proc.stderr else ""
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0.0, 0.4))
        assert proc.returncode is None, "the writer stopped on its own"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()

    value_re = re.compile(r"^(\d+):(\d+)$")
    eng = create_engine_for(sqlite_url)
    try:
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            catalog = conn.execute(select(model_catalog.c.provider, model_catalog.c.name)).all()
        with make_uow_factory(eng)() as uow:
            configs = uow.configs.list(ws.id)
            defaults = uow.defaults.list(ws.id)
    finally:
        eng.dispose()

    assert configs, "nothing was written"
    for config in configs:
        match = value_re.fullmatch(config.encrypted_config)
        assert match, config.encrypted_config
        assert int(match.group(1)) < rounds
        assert int(match.group(2)) % 3 == int(config.provider[1:])
        # Written in the same transaction, so always the same value: no half-saves.
        assert config.status_message == config.encrypted_config
        names = {name for provider, name in catalog if provider == config.provider}
        assert names == {config.encrypted_config}
    ((model_type, provider, model),) = defaults
    assert model_type == "llm"
    assert value_re.fullmatch(model)
    # The default is the one the last committed transaction wrote: that config's value.
    newest = max(configs, key=lambda c: tuple(map(int, c.encrypted_config.split(":"))))
    assert (provider, model) == (newest.provider, newest.encrypted_config)
