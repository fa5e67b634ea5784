"""Keys never show up in logs, exceptions, repr or on disk (SECURITY.md items 11, 13, 14)."""

from __future__ import annotations

import logging
import stat
from typing import TYPE_CHECKING

import pytest
from support.fake_providers import GOOD_KEY, TEST_ENCRYPTION_KEY, FakeProviders

from modelhub.domain.errors import ModelHubError
from modelhub.services.bootstrap import open_services

if TYPE_CHECKING:
    from pathlib import Path

    from modelhub.services.bootstrap import Services

SECRET = "sk-good-Zq8Wm3Rt7Yp2Kx9Lv4Nb6Hc"
BAD_SECRET = "sk-bad-Uj5Fg8Ds2Ae7Qw4Er1Ty9Io"


def _needles(secret: str) -> set[str]:
    return {secret[i : i + 12] for i in range(len(secret) - 11)}


def _assert_clean(blob: str | bytes, *secrets: str) -> None:
    data = blob.encode() if isinstance(blob, str) else blob
    for secret in secrets:
        hits = [n for n in _needles(secret) if n.encode() in data]
        assert not hits, f"a 12-character piece of a key leaked: {hits[0]!r}"


async def _exercise(services: Services, fake: FakeProviders) -> list[str]:
    """Every operation that handles a key, including failing ones; returns what they said."""
    said: list[str] = []
    tenant = (await services.workspaces.get_by_name("Default")).id
    for name in ("openai", "openrouter", "jina", "siliconflow"):
        said.append(repr(await services.providers.save(tenant, name, {"api_key": SECRET})))
        said.append(repr(await services.providers.save(tenant, name, {"api_key": BAD_SECRET})))
        said.append(repr(await services.providers.validate(tenant, name, {"api_key": ""})))
    # Health checks: one that passes, and one whose error body repeats the key.
    fake.echo_key = True
    fake.gone_models.add("gpt-4.1")
    targets = await services.health.targets(tenant, provider="openai")
    said.append(repr(await services.health.run(tenant, targets)))
    history = await services.health.history(tenant, "openai", "gpt-4.1")
    assert history[0].error is not None
    assert "request made with key" in history[0].error  # the canary really was sent back
    said.append(repr(history))
    said.append(repr(await services.models.list_models(tenant)))
    said.append(repr(await services.providers.revalidate(tenant)))
    fake.unreachable.add("jina")
    said.append(repr(await services.providers.refresh_all(tenant)))
    said.append(repr(await services.providers.list_providers(tenant)))
    said.append(repr(services))
    said.append(repr(services.key_material))
    for bad in ({"api_key": SECRET + " x"}, {"api_key": SECRET, "nope": SECRET}):
        with pytest.raises(ModelHubError) as info:
            await services.providers.save(tenant, "openai", bad)
        said += [str(info.value), repr(info.value), info.value.hint or ""]
    return said


async def test_no_key_in_logs_results_or_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "modelhub", "sqlalchemy", "asyncio"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    fake = FakeProviders()
    services = open_services(
        db=f"sqlite:///{tmp_path / 's.db'}",
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
    )
    try:
        said = await _exercise(services, fake)
    finally:
        await services.aclose()
        await services.http_client.aclose()
    assert any(SECRET in h for h in fake.auth_headers)  # the key did travel, in the header
    assert caplog.records  # the loggers really were on
    _assert_clean(caplog.text, SECRET, BAD_SECRET, TEST_ENCRYPTION_KEY)
    _assert_clean("\n".join(said), SECRET, BAD_SECRET, TEST_ENCRYPTION_KEY)


async def test_no_plaintext_key_on_disk_and_files_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fake = FakeProviders()
    services = open_services(
        environ={"MODELHUB_HOME": str(home)}, http_client=fake.client(), use_keyring=False
    )
    try:
        await _exercise(services, fake)
        # Look while the connection is open too: the WAL holds the newest pages.
        files = [p for p in home.rglob("*") if p.is_file()]
        assert home / "modelhub.db" in files
        for path in files:
            _assert_clean(path.read_bytes(), SECRET, BAD_SECRET, GOOD_KEY)
    finally:
        await services.aclose()
        await services.http_client.aclose()
    for path in home.rglob("*"):
        if path.is_file():
            _assert_clean(path.read_bytes(), SECRET, BAD_SECRET)
            if path.name.startswith("modelhub.db") or path.name == ".env":
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
