"""Child process for the multi-process storage tests (run as a script, not collected).

Usage:
    storage_worker.py increment URL TENANT WORKER COUNT
        Print ``ready``, wait for a line on stdin, then COUNT times: in one transaction,
        read the shared ``counter`` row, write it back plus one, and add a row of its own.
    storage_worker.py churn URL TENANT ROUND
        Forever: in one transaction, write the value ``ROUND:i`` to a config, its status, a
        default and its catalog; print ``ready`` after the first commit. Killed by the test.
"""

from __future__ import annotations

import itertools
import sys

from modelhub.storage.engine import create_engine_for
from modelhub.storage.records import CatalogEntry
from modelhub.storage.tables import utcnow
from modelhub.storage.uow import make_uow_factory


def increment(url: str, tenant: str, worker: str, count: int) -> None:
    """Read-modify-write the shared counter ``count`` times."""
    factory = make_uow_factory(create_engine_for(url))
    print("ready", flush=True)
    sys.stdin.readline()  # wait for "go" so both workers start together
    for i in range(count):
        with factory() as uow:
            current = uow.configs.get(tenant, "counter")
            value = int(current.encrypted_config) + 1 if current else 1
            uow.configs.upsert(tenant, "counter", str(value), True, None)
            uow.configs.upsert(tenant, f"w{worker}-{i}", f"{worker}:{i}", False, None)
            uow.commit()


def churn(url: str, tenant: str, round_: str) -> None:
    """Write related rows in one transaction until killed."""
    factory = make_uow_factory(create_engine_for(url))
    for i in itertools.count():
        value = f"{round_}:{i}"
        provider = f"p{i % 3}"
        with factory() as uow:
            uow.configs.upsert(tenant, provider, value, i % 2 == 0, utcnow())
            uow.configs.record_status(tenant, provider, "valid", value, None, utcnow())
            uow.defaults.set(tenant, "llm", provider, value)
            uow.catalog.replace(
                tenant,
                provider,
                [CatalogEntry(f"{value}/m{k}", "llm", value) for k in range(20)],
                utcnow(),
            )
            uow.commit()
        if i == 0:
            print("ready", flush=True)


def main(argv: list[str]) -> None:
    """Dispatch on the mode argument."""
    mode, url, tenant, *rest = argv
    if mode == "increment":
        increment(url, tenant, rest[0], int(rest[1]))
    elif mode == "churn":
        churn(url, tenant, rest[0])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
