"""Key handling end to end: fail closed, wrong key up front, row binding, rotation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from support.fake_providers import GOOD_KEY, TEST_ENCRYPTION_KEY, FakeProviders

from modelhub.crypto.envelope import generate_key_hex, key_id, parse_hex_key
from modelhub.domain.errors import DecryptionError, KeyConfigError
from modelhub.services.bootstrap import Services, open_services
from modelhub.services.providers import DECRYPT_FAILED

if TYPE_CHECKING:
    from pathlib import Path

OTHER_KEY = "a1" * 32


def _open(db_url: str, fake: FakeProviders, **environ: str) -> Services:
    return open_services(db=db_url, environ=environ, http_client=fake.client(), use_keyring=False)


async def _close(services: Services) -> None:
    await services.aclose()
    await services.http_client.aclose()


def _tokens(services: Services) -> dict[str, str]:
    with services.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, encrypted_config FROM provider_configs"))
        return {r.id: r.encrypted_config for r in rows}


async def test_tampered_row_fails_closed_without_a_request(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    [(row_id, token)] = _tokens(services).items()
    # Flip one character of the ciphertext segment.
    head, tail = token.rsplit(".", 1)
    flipped = head + "." + ("A" if tail[5] != "A" else "B").join((tail[:5], tail[6:]))
    with services.engine.begin() as conn:
        conn.execute(
            text("UPDATE provider_configs SET encrypted_config = :v WHERE id = :i"),
            {"v": flipped, "i": row_id},
        )
    before = len(fake.requests)
    with pytest.raises(DecryptionError, match="cannot decrypt: key mismatch or tampered value"):
        await services.providers.test_stored(tenant, "openai")
    with pytest.raises(DecryptionError):
        await services.providers.refresh_models(tenant, "openai")
    # Editing with the key left empty must not fall back to anything either.
    with pytest.raises(DecryptionError):
        await services.providers.validate(tenant, "openai", {"api_key": ""})
    assert len(fake.requests) == before
    state = await services.providers.get_provider(tenant, "openai")
    assert state.decrypt_error == DECRYPT_FAILED
    assert state.masked_key is None


async def test_row_swapped_between_workspaces_does_not_decrypt(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    other = await services.workspaces.create("Other")
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await services.providers.save(other.id, "openai", {"api_key": "sk-good-other-000000000000"})
    with services.engine.begin() as conn:
        token = conn.execute(
            text("SELECT encrypted_config FROM provider_configs WHERE tenant_id = :t"),
            {"t": tenant},
        ).scalar_one()
        conn.execute(
            text("UPDATE provider_configs SET encrypted_config = :v WHERE tenant_id = :t"),
            {"v": token, "t": other.id},
        )
    before = len(fake.requests)
    with pytest.raises(DecryptionError):
        await services.providers.test_stored(other.id, "openai")
    assert len(fake.requests) == before
    # The original row still works.
    assert (await services.providers.test_stored(tenant, "openai")).valid


async def test_database_written_with_another_key_fails_at_start_naming_the_kid(
    db_url: str, fake: FakeProviders
) -> None:
    first = _open(db_url, fake, ENCRYPTION_KEY=TEST_ENCRYPTION_KEY)
    tenant = (await first.workspaces.get_by_name("Default")).id
    await first.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    snapshot = _tokens(first)
    await _close(first)
    old_kid = key_id(parse_hex_key(TEST_ENCRYPTION_KEY))
    with pytest.raises(KeyConfigError, match=f"key id {old_kid}") as info:
        _open(db_url, fake, ENCRYPTION_KEY=OTHER_KEY)
    assert "Nothing was changed" in (info.value.hint or "")
    # Nothing written: same rows, same ciphertext.
    again = _open(db_url, fake, ENCRYPTION_KEY=TEST_ENCRYPTION_KEY)
    assert _tokens(again) == snapshot
    await _close(again)


@pytest.mark.parametrize(
    "bad", ["", "abc", "0" * 63, "0" * 65, "g" * 64, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="]
)
def test_malformed_key_is_refused_before_the_database_is_touched(
    tmp_path: Path, fake: FakeProviders, bad: str
) -> None:
    db = tmp_path / "fresh.db"
    with pytest.raises(KeyConfigError) as info:
        open_services(
            db=f"sqlite:///{db}",
            environ={"ENCRYPTION_KEY": bad},
            http_client=fake.client(),
            use_keyring=False,
        )
    assert "openssl rand -hex 32" in str(info.value)
    assert not db.exists()


async def test_no_key_but_encrypted_data_is_refused(tmp_path: Path, fake: FakeProviders) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    first = _open(db, fake, ENCRYPTION_KEY=TEST_ENCRYPTION_KEY)
    tenant = (await first.workspaces.get_by_name("Default")).id
    await first.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await _close(first)
    with pytest.raises(KeyConfigError, match="holds 1 encrypted provider config"):
        _open(db, fake, MODELHUB_HOME=str(tmp_path / "home"))
    assert not (tmp_path / "home" / ".env").exists()


async def test_first_run_generates_a_private_key_file(tmp_path: Path, fake: FakeProviders) -> None:
    home = tmp_path / "home"
    svc = _open(f"sqlite:///{tmp_path / 'x.db'}", fake, MODELHUB_HOME=str(home))
    try:
        env_file = home / ".env"
        assert env_file.stat().st_mode & 0o777 == 0o600
        assert str(env_file) in svc.notices[0]
        assert "Back it up" in svc.notices[0]
    finally:
        await _close(svc)
    # The next start finds the same key and says nothing.
    again = _open(f"sqlite:///{tmp_path / 'x.db'}", fake, MODELHUB_HOME=str(home))
    assert again.notices == []
    assert again.key_material.kid == svc.key_material.kid
    await _close(again)


async def test_rotation_reencrypts_everything_in_one_go(db_url: str, fake: FakeProviders) -> None:
    first = _open(db_url, fake, ENCRYPTION_KEY=TEST_ENCRYPTION_KEY)
    tenant = (await first.workspaces.get_by_name("Default")).id
    for name in ("openai", "jina", "siliconflow"):
        await first.providers.save(tenant, name, {"api_key": GOOD_KEY})
    await _close(first)

    new_key = generate_key_hex()
    rotated = _open(
        db_url, fake, ENCRYPTION_KEY=new_key, ENCRYPTION_KEY_PREVIOUS=TEST_ENCRYPTION_KEY
    )
    dry = await rotated.keys.rotate(dry_run=True)
    assert (dry.total, dry.reencrypted, dry.dry_run) == (3, 3, True)
    assert all(t.split(".")[1] != rotated.keys.current_kid for t in _tokens(rotated).values())
    report = await rotated.keys.rotate()
    assert (report.total, report.reencrypted, report.already_current) == (3, 3, 0)
    assert all(t.split(".")[1] == rotated.keys.current_kid for t in _tokens(rotated).values())
    await _close(rotated)

    # Now the new key alone opens it, and every config still works.
    alone = _open(db_url, fake, ENCRYPTION_KEY=new_key)
    states = await alone.providers.list_providers(tenant)
    assert sum(1 for s in states if s.configured and s.masked_key) == 3
    assert (await alone.providers.test_stored(tenant, "jina")).valid
    await _close(alone)


async def test_rotation_with_an_undecryptable_row_changes_nothing(
    services: Services, tenant: str
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await services.providers.save(tenant, "jina", {"api_key": GOOD_KEY})
    with services.engine.begin() as conn:
        conn.execute(
            text("UPDATE provider_configs SET encrypted_config = :v WHERE provider = 'jina'"),
            {"v": "mh1.00000000.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        )
    snapshot = _tokens(services)
    from modelhub.crypto.envelope import Cipher

    cipher = Cipher(parse_hex_key(OTHER_KEY), [parse_hex_key(TEST_ENCRYPTION_KEY)])
    with pytest.raises(DecryptionError, match="Nothing was changed"):
        await services.keys.rotate(cipher=cipher)
    assert _tokens(services) == snapshot


async def test_generated_key_rotation_keeps_the_old_key_as_previous(
    tmp_path: Path, fake: FakeProviders
) -> None:
    home = tmp_path / "home"
    db = f"sqlite:///{tmp_path / 'x.db'}"
    svc = _open(db, fake, MODELHUB_HOME=str(home))
    tenant = (await svc.workspaces.get_by_name("Default")).id
    await svc.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    old_kid = svc.key_material.kid
    report = await svc.rotate_to_new_key()
    assert report.reencrypted == 1
    assert report.current_kid != old_kid
    # The running services follow the new key: stored configs still decrypt, new ones are
    # written under the new key.
    assert (await svc.providers.test_stored(tenant, "openai")).valid
    assert svc.keys.current_kid == report.current_kid
    await svc.providers.save(tenant, "jina", {"api_key": GOOD_KEY})
    assert (await svc.keys.rotate(dry_run=True)).reencrypted == 0
    await _close(svc)
    again = _open(db, fake, MODELHUB_HOME=str(home))
    assert again.key_material.kid == report.current_kid
    assert old_kid in again.key_material.kids
    assert (await again.providers.test_stored(tenant, "openai")).valid
    await _close(again)


async def test_environment_key_is_not_rotated_by_modelhub(services: Services) -> None:
    with pytest.raises(KeyConfigError, match="ENCRYPTION_KEY_PREVIOUS"):
        await services.rotate_to_new_key()
    with pytest.raises(KeyConfigError, match="modelhub keys rotate"):
        await services.rotate_to_new_key(dry_run=True)
