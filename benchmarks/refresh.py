"""Refresh-all against a local HTTP server: concurrency ratio and catalog read time.

A real socket server (``refresh_server.py``) answers each provider after its own delay with
large catalogs (OpenRouter 400 models, SiliconFlow 5,000). The script prints:

* refresh-all wall time / the slowest single provider's refresh time, both measured in this
  run (target <= 1.2: providers run concurrently);
* the time to read the 5,000-model catalog from the database grouped by type
  (target <= 50 ms), with the time of a bare ``SELECT`` of the same rows as the baseline.

Run: ``.venv/bin/python benchmarks/refresh.py`` (no network needed).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from refresh_server import start_server
from sqlalchemy import text

from modelhub.services.bootstrap import Services, open_services

DELAYS = {"openai": 0.6, "openrouter": 1.0, "jina": 0.4, "siliconflow": 0.8}
SIZES = {"openai": 150, "openrouter": 400, "jina": 20, "siliconflow": 5000}
KEY = "sk-bench-0123456789abcdefghijklmnopqrstuv"
RUNS = 3


async def _setup(services: Services, urls: dict[str, str]) -> dict[str, str]:
    """One workspace per provider plus one with all four; returns name -> tenant id."""
    tenants: dict[str, str] = {}
    for name in [*DELAYS, "all"]:
        ws = await services.workspaces.create(f"bench-{name}")
        tenants[name] = ws.id
        for provider in DELAYS if name == "all" else [name]:
            config = {"api_key": KEY, "base_url": urls[provider]}
            outcome = await services.providers.save(ws.id, provider, config)
            if not (outcome.saved and outcome.validation.valid):
                raise SystemExit(f"setup failed for {provider}: {outcome}")
    return tenants


async def _time_refresh(services: Services, tenant: str) -> float:
    start = time.perf_counter()
    outcomes = await services.providers.refresh_all(tenant)
    elapsed = time.perf_counter() - start
    for oc in outcomes:
        if not (oc.validation.valid and oc.catalog and not oc.catalog.error):
            raise SystemExit(f"refresh failed: {oc}")
    return elapsed


async def main() -> None:
    urls, stop = start_server(DELAYS, SIZES)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(
            db=f"sqlite:///{Path(tmp) / 'bench.db'}",
            environ={"ENCRYPTION_KEY": "7b" * 32},
            use_keyring=False,
        )
        try:
            tenants = await _setup(services, urls)
            singles = {p: [] for p in DELAYS}  # type: dict[str, list[float]]
            together: list[float] = []
            for _ in range(RUNS):
                for provider in DELAYS:
                    singles[provider].append(await _time_refresh(services, tenants[provider]))
                together.append(await _time_refresh(services, tenants["all"]))
            single_medians = {p: statistics.median(v) for p, v in singles.items()}
            slowest = max(single_medians.values())
            all_median = statistics.median(together)
            print("refresh (validate + list models), median of", RUNS, "runs:")
            for provider, seconds in single_medians.items():
                print(f"  {provider:<12} alone: {seconds * 1000:7.0f} ms")
            print(f"  all four together: {all_median * 1000:7.0f} ms")
            print(f"refresh-all / slowest single = {all_median / slowest:.2f}  (target <= 1.2)")

            tenant = tenants["siliconflow"]
            reads, bare = [], []
            for _ in range(15):
                start = time.perf_counter()
                grouped = await services.models.list_models(tenant)
                reads.append(time.perf_counter() - start)
                start = time.perf_counter()
                with services.engine.connect() as conn:
                    rows = conn.execute(
                        text("SELECT * FROM model_catalog WHERE tenant_id = :t"), {"t": tenant}
                    ).fetchall()
                bare.append(time.perf_counter() - start)
            count = sum(len(v) for v in grouped.values())
            assert count == len(rows) == SIZES["siliconflow"], (count, len(rows))
            read_ms = statistics.median(reads) * 1000
            bare_ms = statistics.median(bare) * 1000
            print(
                f"read {count:,}-model catalog grouped by type: {read_ms:.1f} ms "
                f"(target <= 50 ms); bare SELECT of the same rows: {bare_ms:.1f} ms "
                f"(ratio {read_ms / bare_ms:.2f})"
            )
        finally:
            await services.aclose()
            stop()


if __name__ == "__main__":
    asyncio.run(main())
