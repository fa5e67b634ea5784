"""Engines for SQLite and PostgreSQL, database URLs, migrations and backups.

SQLite is set up for durability (SECURITY.md item 10): every connection turns on foreign keys,
WAL, ``synchronous=FULL`` and a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE`` so that two processes writing at once wait for each other instead of one
failing with "database is locked". The file and its ``-wal``/``-shm`` companions are mode 0600.

PostgreSQL URLs may come straight from a Prisma ``.env``
(``postgresql://user:pass@host:5432/db?schema=public``): the ``schema`` parameter becomes the
connection's ``search_path``, so the tables and Alembic's version table live in that schema.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from modelhub.domain.errors import InvalidInputError, StorageError
from modelhub.storage.dberrors import translate_errors

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.pool import ConnectionPoolEntry

__all__ = [
    "BUSY_TIMEOUT_MS",
    "backup_sqlite",
    "create_engine_for",
    "database_label",
    "migrate",
    "normalize_database_url",
    "schema_of",
]

BUSY_TIMEOUT_MS = 10_000
#: Execution option marking a SQLite connection whose transactions only read.
READ_ONLY_OPTION = "modelhub_read_only"
"""How long a SQLite connection waits for another process's write lock."""

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
"""Alembic scripts; found next to this file, which also holds inside a PyInstaller bundle."""

_SCHEMA_OPTION = "modelhub_schema"  # engine execution option carrying the ?schema= value
_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")
_POSTGRES_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg"}
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
# Query parameters only Prisma understands; libpq would refuse them.
_PRISMA_ONLY_PARAMS = {
    "schema",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "sslaccept",
    "sslidentity",
}
_MIGRATE_LOCK_KEY = 0x6D68_6D67  # "mhmg": serialises concurrent migrations on one server


def _bad_url(reason: str) -> InvalidInputError:
    return InvalidInputError(
        f"Unsupported database URL: {reason}.",
        "Use sqlite:///path/to/modelhub.db or postgresql://user:password@host:5432/db"
        "?schema=public",
    )


def _parse(url: str) -> tuple[URL, str | None]:
    """Parse and normalise ``url``; see :func:`normalize_database_url`."""
    if not isinstance(url, str) or not url.strip():
        raise _bad_url("the URL is empty")
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        # The message of make_url's error repeats the URL, password included.
        raise _bad_url("it could not be parsed") from None
    driver = parsed.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        if parsed.query:
            raise _bad_url("SQLite URLs take no query parameters")
        return parsed.set(drivername="sqlite"), None
    if driver not in _POSTGRES_DRIVERS:
        raise _bad_url(f"the scheme {parsed.drivername!r} is not sqlite or postgresql")
    if not parsed.host and "host" not in parsed.query:
        raise _bad_url("a PostgreSQL URL needs a host")
    if not parsed.database:
        raise _bad_url("a PostgreSQL URL needs a database name")
    schema_value = parsed.query.get("schema")
    schema = schema_value[-1] if isinstance(schema_value, tuple) else schema_value
    if schema is not None and not _SCHEMA_RE.fullmatch(schema):
        raise _bad_url("the schema parameter must be a plain identifier (letters, digits, _)")
    parsed = parsed.difference_update_query(
        [key for key in parsed.query if key in _PRISMA_ONLY_PARAMS]
    )
    return parsed.set(drivername="postgresql+psycopg"), schema or None


def normalize_database_url(url: str) -> tuple[str, str | None]:
    """Turn a user-supplied database URL into a SQLAlchemy URL and a schema.

    Accepts ``sqlite:///path``, ``postgresql://`` (including the Prisma ``.env`` form with
    ``?schema=``), ``postgres://`` and ``postgresql+psycopg://``. PostgreSQL URLs are rewritten
    to the psycopg 3 driver; ``schema`` and other Prisma-only query parameters are removed.

    Args:
        url: The URL as the user or a ``.env`` file gave it.

    Returns:
        The SQLAlchemy URL (password kept, so never show it) and the schema or None.

    Raises:
        InvalidInputError: The URL is not SQLite or PostgreSQL, or is malformed. The message
            never contains the password.
    """
    parsed, schema = _parse(url)
    return parsed.render_as_string(hide_password=False), schema


def database_label(url: str) -> str:
    """Describe a database for people: kind and location, never the password.

    Args:
        url: A URL in any form :func:`normalize_database_url` accepts.

    Returns:
        For example ``SQLite file /home/me/.local/share/modelhub/modelhub.db`` or
        ``PostgreSQL database "app" on db.example:5432 as postgres (schema public)``.

    Raises:
        InvalidInputError: The URL is not one ModelHub accepts.
    """
    parsed, schema = _parse(url)
    if parsed.drivername == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return "SQLite in-memory database"
        return f"SQLite file {Path(parsed.database).expanduser()}"
    where = parsed.host or "local socket"
    if parsed.port:
        where = f"{where}:{parsed.port}"
    label = f'PostgreSQL database "{parsed.database}" on {where}'
    if parsed.username:
        label += f" as {parsed.username}"
    if schema:
        label += f" (schema {schema})"
    return label


def schema_of(engine: Engine) -> str | None:
    """The PostgreSQL schema an engine from :func:`create_engine_for` works in, or None."""
    value = engine.get_execution_options().get(_SCHEMA_OPTION)
    return value if isinstance(value, str) else None


def create_engine_for(url: str) -> Engine:
    """Create a configured engine for ``url`` (no connection is made yet).

    SQLite: the parent folder and the file are created (file mode 0600), and every connection
    gets the durability pragmas and ``BEGIN IMMEDIATE`` transactions. PostgreSQL: psycopg 3,
    ``pool_pre_ping`` and ``search_path`` set to the URL's ``schema`` when it has one.

    Args:
        url: A URL in any form :func:`normalize_database_url` accepts.

    Returns:
        The engine. Dispose of it when done.

    Raises:
        InvalidInputError: The URL is not acceptable.
        StorageError: The SQLite file or its folder cannot be created.
    """
    parsed, schema = _parse(url)
    if parsed.drivername == "sqlite":
        return _sqlite_engine(parsed)
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = 10
    # UTC sessions: a Prisma-made ``timestamp(3)`` column (no time zone) then holds UTC, as
    # the platform's server writes it, whatever the server's default TimeZone is.
    options = ["-ctimezone=UTC"]
    if schema:
        options.append(f"-csearch_path={schema}")
    connect_args["options"] = " ".join(options)
    return create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args=connect_args,
        execution_options={_SCHEMA_OPTION: schema},
    )


def _private_file(path: Path) -> None:
    """Create ``path`` (and missing parents) if needed, then make it owner-only."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        if os.name == "posix":
            os.chmod(path, 0o600)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the database file {path}: {exc.strerror or exc}.",
            "Check that the folder exists and is writable.",
        ) from exc


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (absolute), or None for PostgreSQL and in-memory ones.

    Raises:
        InvalidInputError: The URL is malformed.
    """
    parsed, _schema = _parse(url)
    database = parsed.database
    if parsed.drivername != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser().absolute()


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database
    file_path: Path | None = None
    if database and database != ":memory:" and not database.startswith("file:"):
        file_path = Path(database).expanduser().absolute()
        _private_file(file_path)
        parsed = parsed.set(database=str(file_path))
    engine = create_engine(parsed)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from the driver: SQLAlchemy's "begin" event below
        # emits BEGIN IMMEDIATE instead (the pysqlite recipe from SQLAlchemy's docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if file_path is not None:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()
        if file_path is not None and os.name == "posix":
            for suffix in ("-wal", "-shm"):
                companion = file_path.with_name(file_path.name + suffix)
                # Absent until first needed; SQLite then copies the main file's mode.
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(companion, 0o600)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout)
        # rather than failing when it later tries to upgrade a read lock. A unit of work
        # that only reads takes no lock at all (WAL readers never wait for a writer), so
        # another program holding the write lock does not stop ModelHub from reading.
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


#: The newest migration. A test checks it against Alembic's own idea of head, so a new
#: revision cannot be added without updating it.
HEAD_REVISION = "0002"
#: Every released revision, oldest first (a backup of any of them can be restored).
KNOWN_REVISIONS = ("0001", "0002")


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Alembic interpolates %(...)s in options; the path is used as-is.
    config.set_main_option("path_separator", "os")
    return config


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, or None (new or unreadable database)."""
    try:
        with engine.connect() as conn:
            conn.execution_options(**{READ_ONLY_OPTION: True})  # reading takes no write lock
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table yet, or unreachable: migrate() reports it properly
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to the newest schema (safe to call on every start).

    Runs in one transaction: a failed migration leaves the previous schema. On PostgreSQL the
    URL's schema is created if missing, and an advisory lock keeps two starting processes from
    migrating at the same time.

    Args:
        engine: An engine from :func:`create_engine_for`.
        revision: Target revision; only tools that build old fixtures pass anything but head.

    Raises:
        StorageError: The database could not be reached or the upgrade failed.
    """
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        # The usual start: nothing to do, and Alembic (~0.2 s, ~12 MB to import) stays unloaded.
        return
    from alembic import command

    schema = schema_of(engine)
    config = _alembic_config()
    with translate_errors("upgrade the database schema"):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATE_LOCK_KEY})
                    if schema:
                        conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        finally:
            config.attributes.pop("connection", None)


def backup_sqlite(engine: Engine, dest_path: str | os.PathLike[str]) -> Path:
    """Copy a live SQLite database with SQLite's online backup API (never a file copy).

    Args:
        engine: An engine on a SQLite database.
        dest_path: Where to write the copy; an existing file there is replaced. Mode 0600.

    Returns:
        The absolute destination path.

    Raises:
        InvalidInputError: The engine is not SQLite.
        StorageError: The backup failed (for example, no space left).
    """
    if engine.dialect.name != "sqlite":
        raise InvalidInputError("Backups through ModelHub are for SQLite databases only.")
    dest = Path(dest_path).expanduser().absolute()
    _private_file(dest)
    with translate_errors("back up the database"), engine.connect() as conn:
        source = conn.connection.driver_connection
        if not isinstance(source, sqlite3.Connection):  # pragma: no cover
            raise InvalidInputError("Backups need the sqlite3 driver.")
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise StorageError(f"The backup to {dest} failed ({exc}).") from exc
        finally:
            target.close()
    return dest
