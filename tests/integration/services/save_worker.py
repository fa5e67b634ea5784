"""A child process that saves provider configs in a loop through the real services.

Usage: ``python save_worker.py DB_URL WORKSPACE PROVIDER COUNT`` (COUNT 0 = forever). After
each committed save it prints the counter it saved, so the parent knows what is on disk.
The network is the in-process fake; the database and the encryption are real.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

from support.fake_providers import TEST_ENCRYPTION_KEY, FakeProviders

from modelhub.domain.errors import AlreadyExistsError
from modelhub.services.bootstrap import open_services


def key_for(counter: int) -> str:
    """The key saved at step ``counter`` (accepted by the fake: it contains "good")."""
    return f"sk-good-{counter:024d}"


async def main(db_url: str, workspace: str, provider: str, count: int) -> None:
    fake = FakeProviders()
    services = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
    )
    try:
        with contextlib.suppress(AlreadyExistsError):
            await services.workspaces.create(workspace)
        tenant = (await services.workspaces.get_by_name(workspace)).id
        counter = 0
        while count == 0 or counter < count:
            counter += 1
            outcome = await services.providers.save(tenant, provider, {"api_key": key_for(counter)})
            assert outcome.saved
            # One outcome per save: the model list was stored too, not only the config.
            assert outcome.catalog is not None
            assert outcome.catalog.error is None, outcome.catalog.error
            print(counter, flush=True)
    finally:
        await services.aclose()
        await services.http_client.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
