"""Database URLs, SQLite durability settings, file modes, backups and storage faults."""

from __future__ import annotations

import os
import sqlite3
import stat
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import event, text

from modelhub.domain.errors import InvalidInputError, StorageError
from modelhub.storage.engine import (
    backup_sqlite,
    create_engine_for,
    database_label,
    migrate,
    normalize_database_url,
)
from modelhub.storage.uow import make_uow_factory

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

SECRET = "s3cr3t-pa55"


# --- URL normalisation (no database needed) ---------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected", "schema"),
    [
        ("sqlite:///relative.db", "sqlite:///relative.db", None),
        ("sqlite:////abs/path/modelhub.db", "sqlite:////abs/path/modelhub.db", None),
        (
            f"postgresql://app:{SECRET}@db.example:5432/platform?schema=public",
            f"postgresql+psycopg://app:{SECRET}@db.example:5432/platform",
            "public",
        ),
        (
            "postgres://app@db.example/platform?schema=tenant_data&sslmode=require",
            "postgresql+psycopg://app@db.example/platform?sslmode=require",
            "tenant_data",
        ),
        (
            "postgresql+psycopg://app@localhost:5433/db",
            "postgresql+psycopg://app@localhost:5433/db",
            None,
        ),
        (
            "postgresql://app@h/db?schema=s1&connection_limit=5&pool_timeout=10",
            "postgresql+psycopg://app@h/db",
            "s1",
        ),
        (
            # Prisma URL-encodes special characters in passwords.
            "postgresql://app:p%40ss%3Aword@h:5432/db",
            "postgresql+psycopg://app:p%40ss%3Aword@h:5432/db",
            None,
        ),
    ],
)
def test_normalize_database_url_accepts_prisma_and_sqlalchemy_forms(
    url: str, expected: str, schema: str | None
) -> None:
    assert normalize_database_url(url) == (expected, schema)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        f"mysql://root:{SECRET}@localhost/db",
        f"postgresql+asyncpg://u:{SECRET}@h/db",
        f"not a url {SECRET}",
        f"postgresql://u:{SECRET}@/db",
        f"postgresql://u:{SECRET}@h",
        f"postgresql://u:{SECRET}@h/db?schema=bad;drop",
        "sqlite:///x.db?mode=ro",
    ],
)
def test_bad_database_urls_are_refused_without_showing_the_password(url: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        normalize_database_url(url)
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None or SECRET not in str(info.value.__cause__)
    with pytest.raises(InvalidInputError) as info:
        create_engine_for(url)
    assert SECRET not in str(info.value)


def test_database_label_describes_without_the_password() -> None:
    label = database_label(f"postgresql://app:{SECRET}@db.example:5432/platform?schema=public")
    assert label == 'PostgreSQL database "platform" on db.example:5432 as app (schema public)'
    assert database_label("sqlite:////data/modelhub.db") == "SQLite file /data/modelhub.db"


# --- SQLite durability ----------------------------------------------------------------------


def test_every_sqlite_connection_has_the_durability_pragmas(sqlite_url: str) -> None:
    eng = create_engine_for(sqlite_url)
    try:
        migrate(eng)
        # Two pooled connections open at once: each must have been configured.
        raw = [eng.raw_connection(), eng.raw_connection()]
        try:
            for conn in raw:
                cursor = conn.cursor()
                assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
                assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
                assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
                cursor.close()
        finally:
            for conn in raw:
                conn.close()
    finally:
        eng.dispose()


def test_sqlite_transactions_begin_immediate(sqlite_url: str) -> None:
    eng = create_engine_for(sqlite_url)
    statements: list[str] = []
    event.listen(eng, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        with eng.begin() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        eng.dispose()
    assert statements[0] == "BEGIN IMMEDIATE"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_files_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "modelhub.db"
    eng = create_engine_for(f"sqlite:///{db}")
    try:
        migrate(eng)
        factory = make_uow_factory(eng)
        with factory() as uow:
            uow.workspaces.add("Default")
            uow.commit()
        with eng.connect() as conn:  # hold the WAL open so -wal and -shm exist
            conn.execute(text("SELECT count(*) FROM tenants"))
            for name in ("modelhub.db", "modelhub.db-wal", "modelhub.db-shm"):
                mode = stat.S_IMODE((db.parent / name).stat().st_mode)
                assert mode == 0o600, (name, oct(mode))
    finally:
        eng.dispose()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_database_file_is_tightened_to_0600(tmp_path: Path) -> None:
    db = tmp_path / "loose.db"
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    create_engine_for(f"sqlite:///{db}").dispose()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_backup_uses_the_backup_api_and_is_private(tmp_path: Path, sqlite_url: str) -> None:
    eng = create_engine_for(sqlite_url)
    try:
        migrate(eng)
        factory = make_uow_factory(eng)
        with factory() as uow:
            ws = uow.workspaces.add("Default")
            uow.configs.upsert(ws.id, "openai", "cipher", True, None)
            uow.commit()
        # Backup while another connection holds an uncommitted write: it is not included.
        with factory() as uow:
            uow.configs.upsert(ws.id, "jina", "uncommitted", True, None)
            dest = backup_sqlite(eng, tmp_path / "backups" / "copy.db")
    finally:
        eng.dispose()
    if os.name == "posix":
        assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with sqlite3.connect(dest) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = copy.execute("SELECT provider, encrypted_config FROM provider_configs").fetchall()
    copy.close()
    assert rows == [("openai", "cipher")]


def test_backup_refuses_postgresql() -> None:
    eng = create_engine_for("postgresql://u@127.0.0.1:1/db")
    try:
        with pytest.raises(InvalidInputError):
            backup_sqlite(eng, "/nonexistent/x.db")
    finally:
        eng.dispose()


# --- faults -----------------------------------------------------------------------------


def test_full_disk_is_a_storage_error_and_keeps_the_old_value(sqlite_url: str) -> None:
    eng = create_engine_for(sqlite_url)
    migrate(eng)
    factory = make_uow_factory(eng)
    with factory() as uow:
        ws = uow.workspaces.add("Default")
        uow.configs.upsert(ws.id, "openai", "old value", True, None)
        uow.commit()
    eng.dispose()

    full = create_engine_for(sqlite_url)

    @event.listens_for(full, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Clamped to the current size: any write needing a new page fails with SQLITE_FULL.
        dbapi_connection.execute("PRAGMA max_page_count = 1")

    def save_big_value() -> None:
        with make_uow_factory(full)() as uow:
            uow.configs.upsert(ws.id, "openai", "x" * 1_000_000, True, None)
            uow.commit()

    try:
        with pytest.raises(StorageError, match="full") as info:
            save_big_value()
        assert "xxxxxxxx" not in str(info.value)
        with make_uow_factory(full)() as uow:
            stored = uow.configs.get(ws.id, "openai")
        assert stored is not None
        assert stored.encrypted_config == "old value"
        with full.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        full.dispose()


def test_unreachable_postgresql_is_a_storage_error_without_the_password() -> None:
    eng = create_engine_for(f"postgresql://app:{SECRET}@127.0.0.1:1/db?connect_timeout=2")
    try:
        with pytest.raises(StorageError, match="unreachable") as info:
            migrate(eng)
    finally:
        eng.dispose()
    assert SECRET not in str(info.value)


@pytest.mark.postgres
def test_a_missing_postgresql_database_is_named_not_called_unreachable(pg_url: str) -> None:
    base = pg_url.split("?", 1)[0].rsplit("/", 1)[0]
    eng = create_engine_for(f"{base}/modelhub_no_such_database_x9")
    try:
        with pytest.raises(StorageError, match="no database named 'modelhub_no_such_database_x9'"):
            migrate(eng)
    finally:
        eng.dispose()


def test_unreadable_sqlite_file_is_a_storage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-db.db"
    bogus.write_bytes(b"this is not a SQLite database, just some text" * 100)
    eng = create_engine_for(f"sqlite:///{bogus}")
    try:
        with pytest.raises(StorageError, match=r"damaged|not a ModelHub"):
            migrate(eng)
    finally:
        eng.dispose()


def test_engine_fixture_on_both_backends_answers(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
