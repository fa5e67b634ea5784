"""Storage: SQLAlchemy tables (seed §3), engines, migrations, repositories, unit of work.

Holds ciphertext only; it never imports ``modelhub.crypto``.
"""

from __future__ import annotations

from modelhub.storage.engine import (
    backup_sqlite,
    create_engine_for,
    database_label,
    migrate,
    normalize_database_url,
)
from modelhub.storage.records import CatalogEntry, StoredConfig
from modelhub.storage.uow import SqlUnitOfWork, make_uow_factory

__all__ = [
    "CatalogEntry",
    "SqlUnitOfWork",
    "StoredConfig",
    "backup_sqlite",
    "create_engine_for",
    "database_label",
    "make_uow_factory",
    "migrate",
    "normalize_database_url",
]
