"""ModelHub's folders are private, and it creates no folder outside its data folder
(issue 14, item 5): real processes on a fresh home."""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

from support.cli_runner import Cli

if TYPE_CHECKING:
    from pathlib import Path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_home_is_private_to_the_user(tmp_path: Path) -> None:
    home = tmp_path / "not-yet" / "home"
    cli = Cli(home, None)
    assert cli("workspaces", "list").returncode == 0
    for folder in (home.parent, home, home / "logs"):
        assert _mode(folder) == 0o700, folder


def test_no_folder_is_created_outside_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere" / "deeper"
    cli = Cli(home, f"sqlite:///{elsewhere / 'x.db'}")
    proc = cli("workspaces", "list")
    assert proc.returncode == 1
    assert f"The folder {elsewhere} does not exist" in proc.stderr
    assert not (tmp_path / "elsewhere").exists()
    # Inside the data folder a missing folder is fine.
    inside = Cli(home, f"sqlite:///{home / 'databases' / 'team.db'}")
    assert inside("workspaces", "list").returncode == 0
    assert (home / "databases" / "team.db").exists()
    proc = inside("backup", str(tmp_path / "nowhere" / "b.db"))
    assert proc.returncode == 1
    assert "does not exist; the backup was not written" in proc.stderr
    assert not (tmp_path / "nowhere").exists()


def test_failures_go_to_stderr_and_results_to_stdout(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home", None)
    config = '{"api_key": "sk-cli-000000000000000000", "base_url": "http://127.0.0.1:9/v1"}'
    proc = cli("providers", "validate", "openai", "--config", "-", stdin=config)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Unreachable" in proc.stderr
    listed = cli("workspaces", "list")
    assert listed.stdout.strip() == "Default"


def test_an_outside_write_lock_does_not_stop_reading(tmp_path: Path) -> None:
    """Another program holding SQLite's write lock (issue 14, item 5): read-only commands
    still answer at once; a write waits, then says what is really busy."""
    import sqlite3

    db = tmp_path / "locked.db"
    cli = Cli(tmp_path / "home", f"sqlite:///{db}")
    assert cli("workspaces", "create", "Team").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held by a program not ModelHub
        listed = cli("workspaces", "list")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.split() == ["Default", "Team"]
        assert cli("providers", "list").returncode == 0
        assert cli("defaults", "show").returncode == 0
        blocked = cli("workspaces", "create", "Other")
        assert blocked.returncode == 1
        assert "another program or ModelHub process has been writing" in blocked.stderr
        assert "upgrade" not in blocked.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli("workspaces", "create", "Other").returncode == 0
