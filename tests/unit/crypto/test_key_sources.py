"""Key sources: precedence, previous keys, keyring fallback, generated key files, rotation."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordSetError

from modelhub.crypto.envelope import Cipher, key_id
from modelhub.crypto.keys import (
    KeyMaterial,
    create_and_store_key,
    load_keys,
    store_new_current_key,
)
from modelhub.domain.errors import KeyConfigError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")

K1 = "1111111111111111111111111111111111111111111111111111111111111111"
K2 = "2222222222222222222222222222222222222222222222222222222222222222"
K3 = "3333333333333333333333333333333333333333333333333333333333333333"
K4 = "44444444444444444444444444444444444444444444444444444444444444aa"


class MemoryKeyring(KeyringBackend):
    """A working keyring kept in a dict; never auto-selected (priority raises)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend only")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but refuses every call (a locked login keyring)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("locked")


class ForgetfulKeyring(MemoryKeyring):
    """Accepts writes but reads back nothing (a broken backend)."""

    def get_password(self, service: str, username: str) -> str | None:
        return None


@contextlib.contextmanager
def use_backend(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> Iterator[KeyringBackend]:
    with use_backend(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    """The backend the suite forces via PYTHON_KEYRING_BACKEND, set explicitly here."""
    with use_backend(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def data_env(tmp_path: Path) -> Path:
    return tmp_path / "home" / "data" / ".env"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def substrings(text: str, size: int = 12) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def assert_no_key_text(shown: str, *keys_hex: str) -> None:
    for key in keys_hex:
        for part in substrings(key.lower()) | substrings(key.upper()):
            assert part not in shown


# --- precedence -----------------------------------------------------------------------------


def test_the_suite_forces_the_failing_backend() -> None:
    assert os.environ["PYTHON_KEYRING_BACKEND"] == "keyring.backends.fail.Keyring"


def test_nothing_anywhere_gives_none(tmp_path: Path, data_env: Path, no_keyring: object) -> None:
    assert load_keys({}, None, data_env) is None
    assert load_keys({}, None, None) is None


def test_environment_wins(tmp_path: Path, data_env: Path, memory_keyring: MemoryKeyring) -> None:
    env_file = write(tmp_path / "custom.env", f"ENCRYPTION_KEY={K2}\n")
    write(data_env, f"ENCRYPTION_KEY={K3}\n")
    memory_keyring.set_password("modelhub", "encryption_key", K4)
    material = load_keys({"ENCRYPTION_KEY": K1}, env_file, data_env)
    assert material is not None
    assert material.current == bytes.fromhex(K1)
    assert material.source == "ENCRYPTION_KEY environment variable"
    assert material.origin == "environment"
    assert not material.generated


def test_env_file_beats_data_env_and_keyring(
    tmp_path: Path, data_env: Path, memory_keyring: MemoryKeyring
) -> None:
    env_file = write(tmp_path / "custom.env", f"# mine\nexport ENCRYPTION_KEY='{K2}'\n")
    write(data_env, f"ENCRYPTION_KEY={K3}\n")
    memory_keyring.set_password("modelhub", "encryption_key", K4)
    material = load_keys({}, env_file, data_env)
    assert material is not None
    assert material.current == bytes.fromhex(K2)
    assert material.source == f".env file {env_file}"
    assert material.location == str(env_file)
    assert material.origin == "env-file"


def test_data_env_beats_keyring(data_env: Path, memory_keyring: MemoryKeyring) -> None:
    write(data_env, f"DATABASE_URL=sqlite:///x.db\nENCRYPTION_KEY={K3}\n")
    memory_keyring.set_password("modelhub", "encryption_key", K4)
    material = load_keys({}, None, data_env)
    assert material is not None
    assert material.current == bytes.fromhex(K3)
    assert material.origin == "data-env-file"
    assert material.location == str(data_env)


def test_keyring_is_last(data_env: Path, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("modelhub", "encryption_key", K4)
    memory_keyring.set_password("modelhub", "encryption_key_previous", f"{K1},{K2}")
    material = load_keys({}, None, data_env)
    assert material is not None
    assert material.current == bytes.fromhex(K4)
    assert material.previous == (bytes.fromhex(K1), bytes.fromhex(K2))
    assert material.source == "OS keyring (service modelhub)"
    assert material.origin == "keyring"
    assert load_keys({}, None, data_env, use_keyring=False) is None


def test_env_file_without_a_key_falls_through(tmp_path: Path, data_env: Path) -> None:
    env_file = write(tmp_path / "custom.env", "DATABASE_URL=sqlite:///x.db\n")
    write(data_env, f"ENCRYPTION_KEY={K3}\n")
    material = load_keys({}, env_file, data_env)
    assert material is not None
    assert material.current == bytes.fromhex(K3)


def test_missing_env_file_is_an_error(tmp_path: Path, data_env: Path) -> None:
    write(data_env, f"ENCRYPTION_KEY={K3}\n")
    with pytest.raises(KeyConfigError, match="does not exist"):
        load_keys({}, tmp_path / "nope.env", data_env)


def test_env_file_that_is_the_data_env_is_managed(data_env: Path) -> None:
    write(data_env, f"ENCRYPTION_KEY={K3}\n")
    material = load_keys({}, data_env, data_env)
    assert material is not None
    assert material.origin == "data-env-file"


@pytest.mark.parametrize("value", ["", "abc", K1[:-1], K1 + "1", "x" * 64])
def test_a_bad_key_in_any_source_is_refused(
    tmp_path: Path, data_env: Path, memory_keyring: MemoryKeyring, value: str
) -> None:
    with pytest.raises(KeyConfigError) as info:
        load_keys({"ENCRYPTION_KEY": value}, None, None)
    assert "openssl rand -hex 32" in str(info.value)

    env_file = write(tmp_path / "custom.env", f"ENCRYPTION_KEY={value}\n")
    with pytest.raises(KeyConfigError) as info:
        load_keys({}, env_file, None)
    assert str(env_file) in info.value.message

    write(data_env, f"ENCRYPTION_KEY={value}\n")
    with pytest.raises(KeyConfigError):
        load_keys({}, None, data_env)

    memory_keyring.set_password("modelhub", "encryption_key", value)
    with pytest.raises(KeyConfigError) as info:
        load_keys({}, None, None)
    assert "keyring" in info.value.message


def test_key_name_without_value_in_env_file_is_refused(tmp_path: Path) -> None:
    env_file = write(tmp_path / "custom.env", "ENCRYPTION_KEY\n")
    with pytest.raises(KeyConfigError, match="empty"):
        load_keys({}, env_file, None)


def test_env_file_is_not_interpolated(tmp_path: Path) -> None:
    env_file = write(tmp_path / "custom.env", "ENCRYPTION_KEY=${SOMETHING}\n")
    with pytest.raises(KeyConfigError):
        load_keys({"SOMETHING": K1}, env_file, None)


# --- ENCRYPTION_KEY_PREVIOUS ----------------------------------------------------------------


def test_previous_keys_parse_with_spaces_blanks_and_duplicates() -> None:
    environ = {"ENCRYPTION_KEY": K1, "ENCRYPTION_KEY_PREVIOUS": f" {K2} ,, {K3},{K2},{K1},"}
    material = load_keys(environ, None, None)
    assert material is not None
    assert material.previous == (bytes.fromhex(K2), bytes.fromhex(K3))
    assert material.kids == tuple(key_id(bytes.fromhex(k)) for k in (K1, K2, K3))


def test_empty_previous_is_no_previous() -> None:
    material = load_keys({"ENCRYPTION_KEY": K1, "ENCRYPTION_KEY_PREVIOUS": ""}, None, None)
    assert material is not None
    assert material.previous == ()


def test_a_bad_previous_key_is_refused_by_position() -> None:
    environ = {"ENCRYPTION_KEY": K1, "ENCRYPTION_KEY_PREVIOUS": f"{K2},{K3[:-2]}"}
    with pytest.raises(KeyConfigError) as info:
        load_keys(environ, None, None)
    assert "item 2" in info.value.message
    assert "62 characters" in info.value.message
    assert_no_key_text(str(info.value), K1, K2, K3)


def test_previous_keys_come_from_the_same_file(tmp_path: Path) -> None:
    env_file = write(
        tmp_path / "custom.env", f"ENCRYPTION_KEY={K1}\nENCRYPTION_KEY_PREVIOUS={K2},{K3}\n"
    )
    material = load_keys({}, env_file, None)
    assert material is not None
    assert material.previous == (bytes.fromhex(K2), bytes.fromhex(K3))


def test_environment_previous_keys_are_added_to_other_sources(tmp_path: Path) -> None:
    env_file = write(
        tmp_path / "custom.env", f"ENCRYPTION_KEY={K1}\nENCRYPTION_KEY_PREVIOUS={K2}\n"
    )
    material = load_keys({"ENCRYPTION_KEY_PREVIOUS": K3}, env_file, None)
    assert material is not None
    assert material.previous == (bytes.fromhex(K2), bytes.fromhex(K3))


def test_previous_keys_decrypt_old_values() -> None:
    old = Cipher(bytes.fromhex(K2)).encrypt({"api_key": "x"}, "t", "openai")
    material = load_keys({"ENCRYPTION_KEY": K1, "ENCRYPTION_KEY_PREVIOUS": K2}, None, None)
    assert material is not None
    cipher = Cipher(material.current, material.previous)
    assert cipher.decrypt(old, "t", "openai") == {"api_key": "x"}


# --- keyring trouble means "no keyring" ------------------------------------------------------


@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring, ForgetfulKeyring])
def test_broken_keyrings_never_crash_loading(data_env: Path, backend: type[KeyringBackend]) -> None:
    with use_backend(backend()):
        assert load_keys({}, None, data_env) is None


@posix_only
@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring, ForgetfulKeyring])
def test_without_a_keyring_a_generated_key_goes_to_a_private_env_file(
    data_env: Path, backend: type[KeyringBackend]
) -> None:
    with use_backend(backend()):
        old_umask = os.umask(0)  # the file must be private whatever the umask
        try:
            material = create_and_store_key(data_env)
        finally:
            os.umask(old_umask)
        assert material.generated
        assert material.origin == "data-env-file"
        assert material.location == str(data_env)
        assert str(data_env) in material.source
        assert mode(data_env) == 0o600
        assert mode(data_env.parent) == 0o700
        assert data_env.read_text() == f"ENCRYPTION_KEY={material.current.hex()}\n"
        assert list(data_env.parent.iterdir()) == [data_env]  # no temporary file left
        again = load_keys({}, None, data_env)
        assert again is not None
        assert again.current == material.current
        assert not again.generated


def test_a_working_keyring_keeps_a_generated_key(
    data_env: Path, memory_keyring: MemoryKeyring
) -> None:
    material = create_and_store_key(data_env)
    assert material.generated
    assert material.origin == "keyring"
    assert material.source == "OS keyring (service modelhub)"
    assert memory_keyring.store[("modelhub", "encryption_key")] == material.current.hex()
    assert not data_env.exists()
    again = load_keys({}, None, data_env)
    assert again is not None
    assert again.current == material.current


def test_use_keyring_false_writes_the_file(data_env: Path, memory_keyring: MemoryKeyring) -> None:
    material = create_and_store_key(data_env, use_keyring=False)
    assert material.origin == "data-env-file"
    assert memory_keyring.store == {}
    assert data_env.is_file()


@posix_only
def test_generated_key_keeps_other_lines_of_an_existing_env(data_env: Path) -> None:
    write(data_env, "# settings\nDATABASE_URL=sqlite:///x.db\nOTHER='a b'\n")
    data_env.chmod(0o644)
    material = create_and_store_key(data_env, use_keyring=False)
    lines = data_env.read_text().splitlines()
    assert lines[:3] == ["# settings", "DATABASE_URL=sqlite:///x.db", "OTHER='a b'"]
    assert lines[3] == f"ENCRYPTION_KEY={material.current.hex()}"
    assert mode(data_env) == 0o600


def test_an_existing_key_is_never_overwritten(
    data_env: Path, memory_keyring: MemoryKeyring
) -> None:
    # A key that appeared since the caller looked (another first start won the race) is
    # used as it is: never replaced, never a refusal that sends the user to edit the file.
    write(data_env, f"ENCRYPTION_KEY={K1}\n")
    found = create_and_store_key(data_env, use_keyring=False)
    assert found.current.hex() == K1
    assert found.generated is False
    assert data_env.read_text() == f"ENCRYPTION_KEY={K1}\n"

    data_env.unlink()
    memory_keyring.set_password("modelhub", "encryption_key", K2)
    found = create_and_store_key(data_env)
    assert found.current.hex() == K2
    assert found.generated is False
    assert memory_keyring.store[("modelhub", "encryption_key")] == K2
    assert not data_env.exists()


def test_unwritable_data_folder_is_a_key_config_error(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "x")
    with pytest.raises(KeyConfigError, match="cannot write"):
        create_and_store_key(blocker / "sub" / ".env", use_keyring=False)


# --- rotation of a managed key ---------------------------------------------------------------


@posix_only
def test_rotating_a_data_env_key_keeps_the_old_one(data_env: Path) -> None:
    write(data_env, f"A=1\nENCRYPTION_KEY={K1}\nENCRYPTION_KEY_PREVIOUS={K3}\nB=2\n")
    material = load_keys({}, None, data_env)
    assert material is not None
    rotated = store_new_current_key(material, bytes.fromhex(K2))
    assert rotated.current == bytes.fromhex(K2)
    assert rotated.previous == (bytes.fromhex(K1), bytes.fromhex(K3))
    assert rotated.origin == "data-env-file"
    assert data_env.read_text() == (
        f"A=1\nENCRYPTION_KEY={K2}\nENCRYPTION_KEY_PREVIOUS={K1},{K3}\nB=2\n"
    )
    assert mode(data_env) == 0o600
    reloaded = load_keys({}, None, data_env)
    assert reloaded == rotated


def test_rotating_a_keyring_key_keeps_the_old_one(
    data_env: Path, memory_keyring: MemoryKeyring
) -> None:
    material = create_and_store_key(data_env)
    new_key = bytes.fromhex(K2)
    rotated = store_new_current_key(material, new_key)
    assert rotated.previous == (material.current,)
    store = memory_keyring.store
    assert store[("modelhub", "encryption_key")] == K2
    assert store[("modelhub", "encryption_key_previous")] == material.current.hex()
    reloaded = load_keys({}, None, data_env)
    assert reloaded is not None
    assert (reloaded.current, reloaded.previous) == (rotated.current, rotated.previous)


def test_rotating_in_a_keyring_that_fails_is_an_error(data_env: Path) -> None:
    with use_backend(MemoryKeyring()) as backend:
        material = create_and_store_key(data_env)
        with (
            use_backend(LockedKeyring()),
            pytest.raises(KeyConfigError, match="could not write"),
        ):
            store_new_current_key(material, bytes.fromhex(K2))
        assert backend.get_password("modelhub", "encryption_key") == material.current.hex()


@pytest.mark.parametrize("where", ["environment", "env-file"])
def test_user_managed_keys_are_not_rewritten(tmp_path: Path, where: str) -> None:
    env_file = write(tmp_path / "custom.env", f"ENCRYPTION_KEY={K1}\n")
    before = env_file.read_text()
    if where == "environment":
        material = load_keys({"ENCRYPTION_KEY": K1}, None, None)
    else:
        material = load_keys({}, env_file, None)
    assert material is not None
    with pytest.raises(KeyConfigError) as info:
        store_new_current_key(material, bytes.fromhex(K2))
    error = info.value
    assert error.hint is not None
    assert "set ENCRYPTION_KEY to the new key" in error.hint
    assert "ENCRYPTION_KEY_PREVIOUS to the old one" in error.hint
    assert_no_key_text(f"{error!s} {error!r}", K1, K2)
    assert env_file.read_text() == before


def test_rotating_to_the_same_key_is_refused(data_env: Path) -> None:
    write(data_env, f"ENCRYPTION_KEY={K1}\n")
    material = load_keys({}, None, data_env)
    assert material is not None
    with pytest.raises(KeyConfigError, match="same"):
        store_new_current_key(material, bytes.fromhex(K1))


# --- no key in repr/str ----------------------------------------------------------------------


def test_key_material_repr_hides_keys() -> None:
    material = KeyMaterial(
        current=bytes.fromhex(K4),
        previous=(bytes.fromhex(K2),),
        source="ENCRYPTION_KEY environment variable",
        location="environment",
        generated=False,
    )
    shown = f"{material!r} {material!s} {material.kids}"
    assert_no_key_text(shown, K4, K2)
    assert repr(bytes.fromhex(K4))[2:14] not in shown
    assert key_id(bytes.fromhex(K4)) in shown
    assert "environment" in shown


def test_key_material_is_frozen_and_checks_lengths() -> None:
    material = KeyMaterial(current=bytes(32))
    with pytest.raises(AttributeError):
        material.current = bytes(32)  # type: ignore[misc]
    with pytest.raises(KeyConfigError):
        KeyMaterial(current=bytes(31))
    with pytest.raises(KeyConfigError):
        KeyMaterial(current=bytes(32), previous=(bytes(16),))
