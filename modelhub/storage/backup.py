"""Backups of the SQLite database and restoring one, checked before anything is replaced.

A backup is made with SQLite's online backup API (consistent while the database is in use).
Restoring checks the file first — that it is a SQLite database, intact, of a schema this
version knows, with ModelHub's tables — then keeps the current database as a timestamped copy
beside it and copies the backup in with the same API (so the live file, its WAL and every
open connection stay consistent), then upgrades its schema if it is older.

Only one process may hold the database while it is restored: each ModelHub process holds a
shared lock on ``<database>.lock`` while it has the database open (:class:`DatabaseLock`), and
a restore needs it alone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from modelhub.domain.errors import InvalidInputError, StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = [
    "BackupContents",
    "DatabaseLock",
    "database_files",
    "inspect_backup",
    "restore_sqlite",
]

#: Files SQLite keeps beside a database.
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def database_files(database: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it (resolved)."""
    base = database.expanduser().resolve()
    return [base, *(base.with_name(base.name + s) for s in _SIDE_SUFFIXES)]


@dataclass(frozen=True, slots=True)
class BackupContents:
    """What a backup file holds, read without changing it.

    Attributes:
        path: The file.
        revision: Its schema revision (``alembic_version``).
        workspaces: Number of workspaces.
        configs: ``(tenant_id, provider, encrypted_config)`` of every stored config.
    """

    path: Path
    revision: str
    workspaces: int
    configs: tuple[tuple[str, str, str], ...]


def inspect_backup(
    path: str | os.PathLike[str], known_revisions: tuple[str, ...]
) -> BackupContents:
    """Open a backup read-only and check it is something ModelHub can restore.

    Args:
        path: The backup file.
        known_revisions: Schema revisions this version can open, oldest first.

    Raises:
        InvalidInputError: Missing, not a SQLite database, damaged, not a ModelHub database,
            or of a newer schema than this version knows. Nothing is changed.
    """
    file = Path(path).expanduser().absolute()
    if not file.is_file():
        raise InvalidInputError(f"There is no backup file at {file}.")
    try:
        conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InvalidInputError(f"{file} cannot be opened as a database ({exc}).") from None
    try:
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError:
            raise InvalidInputError(
                f"{file} is not a ModelHub backup: it is not a SQLite database."
            ) from None
        if not check or check[0] != "ok":
            raise InvalidInputError(
                f"{file} is damaged (SQLite's integrity check failed); nothing was restored.",
                "Use another backup.",
            )
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        needed = {"alembic_version", "tenants", "provider_configs", "tenant_model_settings"}
        if not needed <= tables:
            raise InvalidInputError(f"{file} is a SQLite database, but not a ModelHub backup.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else ""
        if revision not in known_revisions:
            raise InvalidInputError(
                f"{file} was made by a newer ModelHub (schema {revision or 'unknown'}).",
                "Restore it with that version, or a newer one.",
            )
        workspaces = conn.execute("SELECT count(*) FROM tenants").fetchone()[0]
        configs = tuple(
            (str(t), str(p), str(e))
            for t, p, e in conn.execute(
                "SELECT tenant_id, provider, encrypted_config FROM provider_configs"
            )
        )
    except sqlite3.Error as exc:
        raise InvalidInputError(f"{file} cannot be read as a backup ({exc}).") from None
    finally:
        conn.close()
    return BackupContents(file, revision, int(workspaces), configs)


def restore_sqlite(engine: Engine, database: Path, source: Path) -> Path:
    """Keep the live database as a timestamped copy, then copy ``source`` into it.

    Every pooled connection is closed first; the engine opens new ones afterwards.

    Returns:
        The path of the copy of the database as it was.

    Raises:
        StorageError: The copy or the restore failed; on a failed restore the database is
            put back from the copy.
    """
    live = database.expanduser().resolve()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    keep = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix or '.db'}")
    engine.dispose()
    target = sqlite3.connect(live)
    try:
        _copy(target, keep)
        backup = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            backup.backup(target)
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                saved = sqlite3.connect(keep)
                try:
                    saved.backup(target)
                finally:
                    saved.close()
            raise StorageError(
                f"The restore failed ({exc}); the database was left as it was.",
                f"A copy of it is at {keep}.",
            ) from exc
        finally:
            backup.close()
    finally:
        target.close()
    return keep


def _copy(source: sqlite3.Connection, dest: Path) -> None:
    fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    os.close(fd)
    out = sqlite3.connect(dest)
    try:
        source.backup(out)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not keep a copy of the database at {dest} ({exc}).") from exc
    finally:
        out.close()


class DatabaseLock:
    """A lock on ``<database>.lock`` telling ModelHub processes apart from a restore.

    Every process that opens the database holds it shared; a restore must hold it alone.
    On systems without ``fcntl`` (Windows) it is a no-op and restore cannot tell.

    Args:
        database: The SQLite database file.
    """

    def __init__(self, database: Path) -> None:
        self.path = database.expanduser().resolve().with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire_shared(self) -> None:
        """Hold the lock shared (blocks only while a restore runs)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        if self._fd is None:
            self._fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def try_exclusive(self) -> bool:
        """Take the lock alone if no other process holds it; False otherwise."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return True
        if self._fd is None:
            self._fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # A failed conversion may have dropped the shared lock this process held.
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            return False
        return True

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
