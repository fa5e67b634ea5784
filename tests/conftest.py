"""Suite-wide setup: offscreen Qt, isolated homes, real SQLite files and real PostgreSQL.

PostgreSQL tests run against ``MODELHUB_TEST_PG_URL`` (default the local server's ``test``
database). Each test gets a schema of its own, dropped afterwards, so tests never see each
other's rows. A server that cannot be reached fails those tests loudly: it is never a skip.
"""

from __future__ import annotations

import os
import uuid

# Before anything can import Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PG_URL = os.environ.get("MODELHUB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
KEY_ENV_VARS = ("ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "DATABASE_URL", "MODELHUB_HOME")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's own key, database or data folder."""
    for name in KEY_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MODELHUB_HOME", str(tmp_path / "home"))
    # keyring must never touch a real OS keyring from tests.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The isolated MODELHUB_HOME of this test (created)."""
    path = tmp_path / "home"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'modelhub-test.db'}"


def _pg_admin_connect():  # type: ignore[no-untyped-def]
    import psycopg

    try:
        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # a loud failure, never a skip
        pytest.fail(
            f"PostgreSQL is not reachable at {PG_URL} ({exc}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            "or set MODELHUB_TEST_PG_URL."
        )


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL (Prisma form with ``?schema=``) pointing at a fresh schema."""
    schema = f"mh_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin_connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        with _pg_admin_connect() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test that takes this runs twice: on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))
