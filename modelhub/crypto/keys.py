"""Where the encryption key comes from, and where a generated or rotated key is kept.

Sources, first found wins:

1. ``ENCRYPTION_KEY`` in the environment;
2. the ``--env-file`` the user named (it must exist);
3. the ``.env`` in ModelHub's data folder;
4. the OS keyring (service ``modelhub``, entry ``encryption_key``).

Previous keys (still accepted for decryption) come from ``ENCRYPTION_KEY_PREVIOUS``, a
comma-separated list of hex keys newest first, in the same place as the current key (keyring
entry ``encryption_key_previous``). ``ENCRYPTION_KEY_PREVIOUS`` in the environment is always
added too: extra decrypt-only keys never weaken anything and it is where a user looks first.

A keyring that is missing, locked or broken counts as "no keyring": ModelHub then works from
the environment or a ``.env`` file (SECURITY.md §2.16).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import keyring
from dotenv import dotenv_values

from modelhub.crypto.envelope import (
    KEY_GENERATION_HINT,
    generate_key_hex,
    key_id,
    parse_hex_key,
)
from modelhub.domain.errors import KeyConfigError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "ENV_CURRENT",
    "ENV_PREVIOUS",
    "KEYRING_CURRENT",
    "KEYRING_PREVIOUS",
    "KEYRING_SERVICE",
    "KeyMaterial",
    "KeyOrigin",
    "create_and_store_key",
    "ensure_managed",
    "load_keys",
    "store_new_current_key",
]

ENV_CURRENT: Final = "ENCRYPTION_KEY"
ENV_PREVIOUS: Final = "ENCRYPTION_KEY_PREVIOUS"
KEYRING_SERVICE: Final = "modelhub"
KEYRING_CURRENT: Final = "encryption_key"
KEYRING_PREVIOUS: Final = "encryption_key_previous"

KeyOrigin = Literal["environment", "env-file", "data-env-file", "keyring", "unknown"]
"""Which kind of store a key came from (decides whether ModelHub may rewrite it)."""

_ENV_SOURCE: Final = f"{ENV_CURRENT} environment variable"
_KEYRING_SOURCE: Final = f"OS keyring (service {KEYRING_SERVICE})"
_KEYRING_LOCATION: Final = (
    f"OS keyring, service {KEYRING_SERVICE!r}, entries {KEYRING_CURRENT!r} and {KEYRING_PREVIOUS!r}"
)


@dataclass(frozen=True, repr=False)
class KeyMaterial:
    """The loaded keys and where they live.

    Attributes:
        current: The 32 raw bytes of the key that encrypts.
        previous: Older keys (32 raw bytes each), newest first, accepted for decryption.
        source: A short description for people, e.g. ``"ENCRYPTION_KEY environment variable"``.
        location: Where exactly the key is kept (a file path, or the keyring service/entry).
        generated: True when ModelHub created the key just now (tell the user where it went).
        origin: The kind of store, used to decide whether ModelHub may rotate the key itself.
    """

    current: bytes = field(repr=False)
    previous: tuple[bytes, ...] = field(default=(), repr=False)
    source: str = ""
    location: str = ""
    generated: bool = False
    origin: KeyOrigin = "unknown"

    def __post_init__(self) -> None:
        key_id(self.current)  # raises KeyConfigError unless 32 bytes
        for key in self.previous:
            key_id(key)

    def __repr__(self) -> str:
        return (
            f"KeyMaterial(kids={self.kids!r}, source={self.source!r}, "
            f"location={self.location!r}, generated={self.generated!r}, origin={self.origin!r})"
        )

    @property
    def kid(self) -> str:
        """The key id of the current key."""
        return key_id(self.current)

    @property
    def kids(self) -> tuple[str, ...]:
        """Key ids of the current key then the previous keys."""
        return (self.kid, *(key_id(key) for key in self.previous))


def _parse_previous(text: str | None, where: str) -> tuple[bytes, ...]:
    """Parse a comma-separated list of hex keys (blank items and surrounding spaces ignored)."""
    if text is None:
        return ()
    keys: list[bytes] = []
    for index, item in enumerate(text.split(","), start=1):
        item = item.strip()
        if item:
            keys.append(parse_hex_key(item, name=f"{ENV_PREVIOUS} item {index} ({where})"))
    return tuple(keys)


def _merge(*groups: tuple[bytes, ...], exclude: bytes) -> tuple[bytes, ...]:
    merged: list[bytes] = []
    for group in groups:
        for key in group:
            if key != exclude and key not in merged:
                merged.append(key)
    return tuple(merged)


def _read_env_file(path: Path) -> dict[str, str | None]:
    try:
        return dict(dotenv_values(path, interpolate=False, encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise KeyConfigError(
            f"cannot read the env file {path}", "check that it exists and is readable"
        ) from None


def _keyring_get(username: str) -> str | None:
    """Read a keyring entry; any keyring trouble means "no keyring"."""
    try:
        value = keyring.get_password(KEYRING_SERVICE, username)
    except Exception:  # no backend, locked, D-Bus down...: all mean "not there"
        return None
    return value if isinstance(value, str) else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def load_keys(
    environ: Mapping[str, str] | None,
    env_file: str | os.PathLike[str] | None,
    data_env_file: str | os.PathLike[str] | None,
    use_keyring: bool = True,
) -> KeyMaterial | None:
    """Find the encryption key; the first source that has ``ENCRYPTION_KEY`` wins.

    Args:
        environ: The process environment (``None`` means ``os.environ``).
        env_file: The ``--env-file`` the user named, or ``None``. It must exist.
        data_env_file: The ``.env`` in the data folder, or ``None``. It may be missing.
        use_keyring: Whether to look in the OS keyring last.

    Returns:
        The keys and where they came from, or ``None`` when no source has a key (the caller
        may then call :func:`create_and_store_key`).

    Raises:
        KeyConfigError: A key that was found is malformed (empty, wrong length, not hex), or
            the named ``env_file`` does not exist or cannot be read.
    """
    env = os.environ if environ is None else environ
    env_previous = _parse_previous(env.get(ENV_PREVIOUS), "environment variable")

    if ENV_CURRENT in env:
        current = parse_hex_key(env[ENV_CURRENT], name=f"{ENV_CURRENT} (environment variable)")
        return KeyMaterial(
            current=current,
            previous=_merge(env_previous, exclude=current),
            source=_ENV_SOURCE,
            location="environment",
            origin="environment",
        )

    data_path = Path(data_env_file) if data_env_file is not None else None
    if env_file is not None:
        path = Path(env_file)
        if not path.is_file():
            raise KeyConfigError(
                f"the env file {path} does not exist",
                "check the --env-file path, or leave it out to use the data folder",
            )
        origin: KeyOrigin = (
            "data-env-file" if data_path is not None and _same_file(path, data_path) else "env-file"
        )
        found = _from_env_file(path, env_previous, origin)
        if found is not None:
            return found

    if data_path is not None and data_path.is_file():
        found = _from_env_file(data_path, env_previous, "data-env-file")
        if found is not None:
            return found

    if use_keyring:
        stored = _keyring_get(KEYRING_CURRENT)
        if stored is not None:
            current = parse_hex_key(stored, name=f"{ENV_CURRENT} ({_KEYRING_SOURCE})")
            previous = _parse_previous(_keyring_get(KEYRING_PREVIOUS), _KEYRING_SOURCE)
            return KeyMaterial(
                current=current,
                previous=_merge(previous, env_previous, exclude=current),
                source=_KEYRING_SOURCE,
                location=_KEYRING_LOCATION,
                origin="keyring",
            )
    return None


def _from_env_file(
    path: Path, env_previous: tuple[bytes, ...], origin: KeyOrigin
) -> KeyMaterial | None:
    values = _read_env_file(path)
    if ENV_CURRENT not in values:
        return None
    where = f".env file {path}"
    current = parse_hex_key(values[ENV_CURRENT] or "", name=f"{ENV_CURRENT} in {where}")
    previous = _parse_previous(values.get(ENV_PREVIOUS), where)
    return KeyMaterial(
        current=current,
        previous=_merge(previous, env_previous, exclude=current),
        source=where,
        location=str(path),
        origin=origin,
    )


def create_and_store_key(
    data_env_file: str | os.PathLike[str], use_keyring: bool = True
) -> KeyMaterial:
    """Generate a new key and keep it in the OS keyring, or else in the data folder's ``.env``.

    The keyring is used only if writing and reading the key back works. Otherwise the key is
    written as ``ENCRYPTION_KEY=...`` to ``data_env_file`` (mode 0600, atomically, other lines
    kept; a folder it creates is mode 0700). An existing key is never overwritten.

    Args:
        data_env_file: The ``.env`` in the data folder.
        use_keyring: Whether to try the OS keyring first.

    Returns:
        The new key with ``generated=True`` and where it was stored.

    Raises:
        KeyConfigError: A key already exists in the chosen store, or the file cannot be written.
    """
    path = Path(data_env_file)
    with _creation_lock(path):
        # Several first starts at once: the first one creates the key, the others find it
        # here once they hold the lock, and use it.
        existing = load_keys({}, None, path, use_keyring=use_keyring)
        if existing is not None:
            return existing
        return _create_and_store_key(path, use_keyring)


@contextlib.contextmanager
def _creation_lock(env_path: Path) -> Iterator[None]:
    """Hold the data folder locked (``flock`` on the folder itself, so no lock file is
    left behind) while a key is created; a no-op where ``fcntl`` does not exist.

    Raises:
        KeyConfigError: The folder cannot be created.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    folder = env_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise KeyConfigError(
            f"cannot write the key file {env_path}: {exc.strerror or exc}",
            "check that the data folder exists and is writable",
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _create_and_store_key(path: Path, use_keyring: bool) -> KeyMaterial:
    key_hex = generate_key_hex()
    current = bytes.fromhex(key_hex)
    if use_keyring and _keyring_store_new(key_hex):
        return KeyMaterial(
            current=current,
            source=_KEYRING_SOURCE,
            location=_KEYRING_LOCATION,
            generated=True,
            origin="keyring",
        )
    if path.is_file() and ENV_CURRENT in _read_env_file(path):
        raise KeyConfigError(
            f"{path} already has an {ENV_CURRENT}; refusing to overwrite it",
            "fix or remove that line yourself: replacing a key makes stored values unreadable",
        )
    _write_env_values(path, {ENV_CURRENT: key_hex})
    return KeyMaterial(
        current=current,
        source=f".env file {path}",
        location=str(path),
        generated=True,
        origin="data-env-file",
    )


def _keyring_set(username: str, value: str) -> bool:
    """Write a keyring entry and read it back; any trouble means it did not work."""
    try:
        keyring.set_password(KEYRING_SERVICE, username, value)
    except Exception:  # every keyring failure means "use the file instead"
        return False
    return _keyring_get(username) == value


def _keyring_store_new(key_hex: str) -> bool:
    if _keyring_get(KEYRING_CURRENT) is not None:
        # Never replace a key that may still be needed to read the database.
        raise KeyConfigError(
            f"the {_KEYRING_SOURCE} already holds an encryption key; refusing to overwrite it",
            "start ModelHub with the keyring enabled to use it",
        )
    if _keyring_set(KEYRING_CURRENT, key_hex):
        return True
    with contextlib.suppress(Exception):
        keyring.delete_password(KEYRING_SERVICE, KEYRING_CURRENT)
    return False


def ensure_managed(material: KeyMaterial) -> None:
    """Refuse, with the steps to do it by hand, unless ModelHub keeps this key itself.

    Raises:
        KeyConfigError: The key lives in the environment or an external env file.
    """
    if material.origin not in ("keyring", "data-env-file"):
        raise KeyConfigError(
            f"the encryption key comes from the {material.source}; ModelHub does not change it",
            f"generate a new key ({KEY_GENERATION_HINT.removeprefix('generate one with ')}), "
            f"set {ENV_CURRENT} to the new key and {ENV_PREVIOUS} to the old one "
            "(comma-separated, newest first), then start ModelHub and run "
            "`modelhub keys rotate`",
        )


def store_new_current_key(material: KeyMaterial, new_key: bytes) -> KeyMaterial:
    """Make ``new_key`` the current key in the store ModelHub manages, keeping the old one.

    The old current key is put first in the previous keys, so values not yet re-encrypted
    still decrypt. Only keys ModelHub manages (OS keyring, data-folder ``.env``) can be
    rotated this way; the environment and a user's ``--env-file`` are the user's to change.

    Args:
        material: The keys loaded now.
        new_key: The 32 raw bytes of the new key.

    Returns:
        The keys as now stored.

    Raises:
        KeyConfigError: The key lives in the environment or an external env file, the new key
            equals the current one, or the store cannot be written.
    """
    key_id(new_key)  # raises KeyConfigError unless 32 bytes
    new_key = bytes(new_key)
    if new_key == material.current:
        raise KeyConfigError("the new encryption key is the same as the current one")
    ensure_managed(material)
    previous = _merge((material.current,), material.previous, exclude=new_key)
    new_hex = new_key.hex()
    previous_hex = ",".join(key.hex() for key in previous)
    if material.origin == "keyring":
        # Previous first: if writing the current entry fails, the old key is still stored.
        if not (
            _keyring_set(KEYRING_PREVIOUS, previous_hex) and _keyring_set(KEYRING_CURRENT, new_hex)
        ):
            raise KeyConfigError(
                f"could not write the new key to the {_KEYRING_SOURCE}",
                "the old key is unchanged; unlock the keyring and try again",
            )
    else:
        _write_env_values(
            Path(material.location), {ENV_CURRENT: new_hex, ENV_PREVIOUS: previous_hex}
        )
    return KeyMaterial(
        current=new_key,
        previous=previous,
        source=material.source,
        location=material.location,
        generated=False,
        origin=material.origin,
    )


def _assignment_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:export\s+)?{re.escape(name)}\s*=")


def _write_env_values(path: Path, values: Mapping[str, str]) -> None:
    """Set ``NAME=value`` lines in a .env file atomically, keeping every other line.

    The file is written to a new 0600 temporary file in the same folder and renamed over the
    old one, so a crash leaves either the old or the new file, never half of one.
    """
    try:
        existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        raise KeyConfigError(f"cannot read {path}", "check its permissions") from None
    lines = existing.splitlines()
    for name, value in values.items():
        pattern = _assignment_re(name)
        new_line = f"{name}={value}"
        replaced = False
        kept: list[str] = []
        for line in lines:
            if pattern.match(line):
                if not replaced:
                    kept.append(new_line)
                    replaced = True
                continue  # a duplicate assignment would shadow the new value
            kept.append(line)
        if not replaced:
            kept.append(new_line)
        lines = kept
    text = "\n".join(lines) + "\n"

    try:
        _ensure_private_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                if hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), 0o600)  # the umask must not widen it
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_dir(path.parent)
    except OSError as exc:
        raise KeyConfigError(
            f"cannot write the key file {path} ({exc.strerror or type(exc).__name__})",
            "check that the data folder is writable, or set ENCRYPTION_KEY yourself",
        ) from None


def _ensure_private_dir(folder: Path) -> None:
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
