"""Builds the service graph from the environment: database, keys, HTTP client, services.

Both front ends (the window and the command line) start here, so they resolve the database
and the encryption key the same way:

* database: ``--db URL``, else ``DATABASE_URL`` in the environment, else ``DATABASE_URL`` in
  the ``--env-file``, else ``modelhub.db`` in the data folder (SQLite);
* key: ``ENCRYPTION_KEY`` in the environment, the ``--env-file``, the data folder's ``.env``,
  the OS keyring — and on a first run (no key anywhere, no encrypted config stored) a new key
  is generated and stored, with a notice telling the user where and to back it up.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dotenv import dotenv_values

from modelhub.crypto.envelope import Cipher, generate_key_hex, parse_hex_key
from modelhub.crypto.keys import (
    KeyMaterial,
    create_and_store_key,
    ensure_managed,
    load_keys,
    store_new_current_key,
)
from modelhub.domain.errors import (
    CryptoFormatError,
    DecryptionError,
    InvalidInputError,
    KeyConfigError,
    StorageError,
)
from modelhub.paths import AppPaths, app_paths
from modelhub.providers.factory import ProviderFactory
from modelhub.providers.http import make_http_client
from modelhub.providers.registry import ProviderRegistry
from modelhub.services.health import HealthService
from modelhub.services.keys import KeyService, check_kids
from modelhub.services.models import ModelService
from modelhub.services.providers import ProviderService
from modelhub.services.workspaces import WorkspaceService, ensure_default_workspace
from modelhub.storage.backup import DatabaseLock, database_files, inspect_backup, restore_sqlite
from modelhub.storage.engine import (
    KNOWN_REVISIONS,
    backup_sqlite,
    create_engine_for,
    database_label,
    migrate,
    sqlite_file,
)
from modelhub.storage.uow import make_uow_factory

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx
    from sqlalchemy.engine import Engine

    from modelhub.domain.models import RotationReport

log = logging.getLogger(__name__)


class HttpClientHolder:
    """The application's HTTP client, made on first use.

    Start-up never talks to a provider, so the HTTP stack (httpx, TLS context, certificate
    bundle: several MB) is loaded with the first provider call instead of with the app.

    Args:
        client: A client to use (tests pass one on a mock transport); it is not closed here.
    """

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._client = client
        self._owned = client is None

    def __call__(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = make_http_client()
        return self._client

    async def aclose(self) -> None:
        """Close the client if this holder made it."""
        if self._owned and self._client is not None:
            await self._client.aclose()
            self._client = None


@dataclass(frozen=True, slots=True)
class RestorePlan:
    """A backup checked for restoring (see :meth:`Services.inspect_backup`).

    Attributes:
        path: The backup file.
        workspaces: Workspaces in it.
        configs: Provider configs in it (all decryptable with the current key).
    """

    path: Path
    workspaces: int
    configs: int


@dataclass
class Services:
    """Everything a front end needs, built once.

    Attributes:
        workspaces: Workspace use cases.
        providers: Provider config use cases.
        models: Catalog and default-model use cases.
        health: Health checks of models.
        keys: Key check and rotation.
        notices: Things to tell the user once (e.g. where a generated key was stored).
        database_label: The database in words, without any password.
        key_material: The loaded keys and where they live.
    """

    workspaces: WorkspaceService
    providers: ProviderService
    models: ModelService
    health: HealthService
    keys: KeyService
    database_label: str
    key_material: KeyMaterial = field(repr=False)
    engine: Engine = field(repr=False)
    clients: HttpClientHolder = field(repr=False)
    notices: list[str] = field(default_factory=list)
    db_lock: DatabaseLock | None = field(default=None, repr=False)

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The shared HTTP client (created on first use)."""
        return self.clients()

    async def rotate_to_new_key(self, dry_run: bool = False) -> RotationReport:
        """Generate a new key, store it where ModelHub keeps its key, re-encrypt everything.

        The new key is stored (with the old one kept as previous) before any row changes,
        so a failure at any point leaves every value decryptable.

        The services already running switch to the new keys (the old key stays as a previous
        one) before the rows are rewritten, so a window that stays open keeps decrypting and
        saves new values under the new key.

        Raises:
            KeyConfigError: The key comes from the environment or a ``--env-file``; the user
                changes those, ModelHub does not. A dry run refuses the same way.
        """
        ensure_managed(self.key_material)
        new_key = parse_hex_key(generate_key_hex())
        if dry_run:
            cipher = Cipher(new_key, (self.key_material.current, *self.key_material.previous))
            return await self.keys.rotate(dry_run=True, cipher=cipher)
        material = store_new_current_key(self.key_material, new_key)
        self.key_material = material
        cipher = Cipher(material.current, material.previous)
        self.providers.use_cipher(cipher)
        self.models.use_cipher(cipher)
        self.keys.use_cipher(cipher)
        return await self.keys.rotate(dry_run=False)

    async def backup(self, destination: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Copy the SQLite database with SQLite's online backup API (safe while in use).

        The copy holds only ciphertext; it needs the same key to be read.

        Args:
            destination: Where to write the copy.
            overwrite: Replace a file that is already there (otherwise refused).

        Raises:
            InvalidInputError: The database is PostgreSQL (use ``pg_dump`` there), the
                destination exists and ``overwrite`` is not set, or it is the database
                itself or one of SQLite's files beside it.
            StorageError: The copy failed (for example, no space left).
        """
        live = self._sqlite_file("backs up")
        dest = Path(destination).expanduser().absolute()
        if dest.resolve() in database_files(live):
            raise InvalidInputError(
                f"{dest} is the database itself (or one of its files); a backup must go "
                "somewhere else.",
                "Choose another file name, ideally on another disk.",
            )
        if not dest.parent.is_dir():
            raise InvalidInputError(
                f"The folder {dest.parent} does not exist; the backup was not written.",
                "Create the folder first, or choose an existing one.",
            )
        if dest.exists() and not overwrite:
            raise InvalidInputError(
                f"{dest} already exists; it was not overwritten.",
                "Choose another name, or pass --force to replace it.",
            )

        def copy() -> Path:
            # Written beside the destination, then moved over it in one step: a failed or
            # interrupted backup never leaves half a file where a good one was.
            partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
            try:
                backup_sqlite(self.engine, partial)
                os.replace(partial, dest)
            finally:
                partial.unlink(missing_ok=True)
            return dest

        return await asyncio.to_thread(copy)

    async def inspect_backup(self, source: str | os.PathLike[str]) -> RestorePlan:
        """Check a backup before restoring it: intact, a schema this version knows, and
        every config in it decryptable with the current key. Changes nothing.

        Raises:
            InvalidInputError: The database is PostgreSQL, or the file cannot be restored
                (the message says why).
        """
        live = self._sqlite_file("restores")
        file = Path(source).expanduser().absolute()
        if file.exists() and file.resolve() in database_files(live):
            raise InvalidInputError(f"{file} is the database in use, not a backup of it.")
        contents = await asyncio.to_thread(inspect_backup, file, KNOWN_REVISIONS)
        cipher = Cipher(self.key_material.current, self.key_material.previous)
        unreadable = 0
        for tenant, provider, token in contents.configs:
            try:
                cipher.decrypt(token, tenant, provider)
            except (DecryptionError, CryptoFormatError):
                unreadable += 1
        if unreadable:
            raise InvalidInputError(
                f"The current encryption key cannot decrypt {unreadable} of "
                f"{len(contents.configs)} provider config(s) in {file}; nothing was restored.",
                "Restore with the key the backup was made under (set ENCRYPTION_KEY, and "
                "ENCRYPTION_KEY_PREVIOUS for the current one).",
            )
        return RestorePlan(path=file, workspaces=contents.workspaces, configs=len(contents.configs))

    async def restore(self, plan: RestorePlan) -> Path:
        """Replace the database with a checked backup (see :meth:`inspect_backup`).

        The current database is kept as a timestamped copy beside it first; the restored
        one is upgraded to this version's schema when it is older.

        Returns:
            The path of the copy of the database as it was before.

        Raises:
            StorageError: Another ModelHub process (a window, a command) has the database
                open, or the restore failed (the database is then left as it was).
        """
        live = self._sqlite_file("restores")
        lock = self.db_lock
        if lock is not None and not lock.try_exclusive():
            raise StorageError(
                "Another ModelHub window or command has this database open; nothing was restored.",
                "Close it, then restore again.",
            )
        try:
            kept = await asyncio.to_thread(restore_sqlite, self.engine, live, plan.path)
            await asyncio.to_thread(migrate, self.engine)
        finally:
            if lock is not None:
                lock.acquire_shared()
        log.info("restored the database from a backup; the previous one is kept at %s", kept)
        return kept

    def _sqlite_file(self, verb: str) -> Path:
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database:
            raise InvalidInputError(
                f"ModelHub {verb} its own SQLite database only.",
                "For a shared PostgreSQL database use pg_dump and pg_restore.",
            )
        return Path(self.engine.url.database)

    async def aclose(self) -> None:
        """Close the HTTP client (when owned and made) and the database engine."""
        await self.clients.aclose()
        self.engine.dispose()
        if self.db_lock is not None:
            self.db_lock.release()


def read_env_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """The variables of a ``.env`` file named with ``--env-file``.

    Raises:
        InvalidInputError: The file does not exist.
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise InvalidInputError(
            f"The env file {str(file)!r} does not exist.",
            "Point --env-file at the platform's .env holding DATABASE_URL and ENCRYPTION_KEY.",
        )
    try:
        values = dotenv_values(file, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInputError(
            f"The env file {str(file)!r} is not a readable text file.",
            "Point --env-file at the platform's .env holding DATABASE_URL and ENCRYPTION_KEY.",
        ) from None
    return {k: v for k, v in values.items() if v is not None}


def _check_sqlite_folder(url: str, paths: AppPaths) -> None:
    """Refuse a SQLite file in a folder that does not exist, unless it is inside the data
    folder: ModelHub never creates folders elsewhere (as root, anywhere under /).

    Raises:
        InvalidInputError: The folder is missing and outside the data folder.
    """
    file = sqlite_file(url)
    if file is None or file.parent.is_dir():
        return
    folder = file.parent
    data = paths.data_dir.expanduser().absolute()
    if folder == data or data in folder.parents:
        return
    raise InvalidInputError(
        f"The folder {folder} does not exist; ModelHub creates folders only inside its data "
        f"folder ({data}).",
        "Create the folder first, or point --db at an existing folder.",
    )


def resolve_database_url(
    db: str | None,
    environ: Mapping[str, str],
    env_values: Mapping[str, str],
    paths: AppPaths,
) -> tuple[str, bool]:
    """The database URL to open and whether it is the default SQLite file."""
    for candidate in (db, environ.get("DATABASE_URL"), env_values.get("DATABASE_URL")):
        if candidate and candidate.strip():
            return candidate.strip(), False
    return f"sqlite:///{paths.database}", True


def open_services(
    db: str | None = None,
    env_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    paths: AppPaths | None = None,
    http_client: httpx.AsyncClient | None = None,
    registry: ProviderRegistry | None = None,
    use_keyring: bool = True,
) -> Services:
    """Open the database, load (or create) the key, and build the services.

    Raises:
        InvalidInputError: A malformed database URL or a missing ``--env-file``.
        KeyConfigError: A malformed key, no key for a database that has encrypted data, or
            a database written with a key that is not loaded. Nothing is written then.
        StorageError: The database cannot be opened or migrated.
    """
    env = dict(os.environ if environ is None else environ)
    paths = paths or app_paths(env)
    env_values = read_env_file(env_file) if env_file else {}
    url, is_default = resolve_database_url(db, env, env_values, paths)
    if is_default:
        paths.ensure()
    else:
        _check_sqlite_folder(url, paths)

    # Keys are parsed before the database is touched: a malformed key writes nothing.
    material = load_keys(env, env_file, paths.env_file, use_keyring=use_keyring)

    engine = create_engine_for(url)
    db_lock: DatabaseLock | None = None
    try:
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            # Held shared for as long as the services are open: a restore needs it alone.
            db_lock = DatabaseLock(Path(str(engine.url.database)))
            db_lock.acquire_shared()
        migrate(engine)
        uow_factory = make_uow_factory(engine)
        notices: list[str] = []
        if material is None:
            with uow_factory() as uow:
                stored = len(uow.configs.all_encrypted())
            if stored:
                raise KeyConfigError(
                    f"No encryption key was found, but this database holds {stored} "
                    "encrypted provider config(s).",
                    "Set ENCRYPTION_KEY (64 hex characters) to the key it was written with, "
                    "in the environment, a .env given with --env-file, or "
                    f"{paths.env_file}.",
                )
            material = create_and_store_key(paths.env_file, use_keyring=use_keyring)
        if material.generated:
            notices.append(
                f"A new encryption key was generated and stored in {material.location}. "
                "Back it up: without it the saved provider keys cannot be decrypted."
            )
            log.info("generated a new encryption key (kid %s) in %s", material.kid, material.source)
        cipher = Cipher(material.current, material.previous)
        reading = uow_factory()
        reading.read_only = True  # the usual start writes nothing: take no write lock
        with reading as uow:
            check_kids(uow, cipher, material.source)
            has_workspace = uow.workspaces.count() > 0
        if not has_workspace:
            with uow_factory() as uow:
                ensure_default_workspace(uow)
    except BaseException:
        engine.dispose()
        if db_lock is not None:
            db_lock.release()
        raise

    clients = HttpClientHolder(http_client)
    if registry is None:
        registry = ProviderRegistry.load(paths.presets_dir)
    for problem in registry.problems:
        notices.append(f"Skipped a provider preset: {problem}")
    factory = ProviderFactory(clients, registry)
    providers = ProviderService(uow_factory, cipher, factory)
    return Services(
        workspaces=WorkspaceService(uow_factory),
        providers=providers,
        models=ModelService(uow_factory, factory, cipher),
        health=HealthService(uow_factory, providers, factory),
        keys=KeyService(uow_factory, cipher, material.source),
        database_label=database_label(url),
        key_material=material,
        engine=engine,
        clients=clients,
        notices=notices,
        db_lock=db_lock,
    )
