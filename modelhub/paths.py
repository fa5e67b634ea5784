"""Where ModelHub keeps its files: data (database, key file), logs and settings.

``MODELHUB_HOME`` overrides everything and puts it all in one folder (tests, portable use).
Otherwise the platform's user data folder is used (platformdirs), never the install folder,
so reinstalling or upgrading keeps the user's database and key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "ModelHub"
DB_FILENAME = "modelhub.db"
ENV_FILENAME = ".env"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders and files ModelHub uses."""

    data_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        """The default SQLite database file."""
        return self.data_dir / DB_FILENAME

    @property
    def presets_dir(self) -> Path:
        """Where an admin's own provider descriptions (``*.toml``) are read from."""
        return self.data_dir / "providers"

    @property
    def env_file(self) -> Path:
        """The ``.env`` in the data folder (a generated key lands here without a keyring)."""
        return self.data_dir / ENV_FILENAME

    @property
    def log_file(self) -> Path:
        """The application log."""
        return self.log_dir / "modelhub.log"

    def ensure(self) -> None:
        """Create the folders, private to the user on POSIX."""
        for folder in (self.data_dir, self.log_dir):
            private_dir(folder)


def private_dir(folder: Path) -> None:
    """Create ``folder`` and every missing parent with mode 0700.

    ``Path.mkdir(parents=True, mode=...)`` gives only the last folder that mode; the parents
    it creates get the default (0755 with the usual umask), which would leave the data folder
    readable by others when the log folder inside it is made first.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    """The paths for this user, honouring ``MODELHUB_HOME``."""
    env = os.environ if environ is None else environ
    home = env.get("MODELHUB_HOME")
    if home:
        root = Path(home).expanduser()
        return AppPaths(data_dir=root, log_dir=root / "logs")
    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(data_dir=Path(dirs.user_data_dir), log_dir=Path(dirs.user_log_dir))
