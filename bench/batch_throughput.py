"""Batch throughput: documents per second for 200 mixed generated statements, processed by
the embedded executor with one worker and with two, and the speed-up of two over one.

    .venv/bin/python -m bench.batch_throughput [--documents 200]

Each run uses a fresh SQLite database and batch root; timing starts at ``start_batch`` and
ends at the job's ``completed`` event (a watcher follows the stream, as a client would).
Worker pools are warmed up before timing so process start-up is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.batch import shutdown_runners, start_batch, watch
from core.isolation import shutdown_pool
from core.migrate import run_migrations
from core.settings import Settings
from tests.statements import generate

LAYOUTS = [
    ("CAMS", "SUMMARY"),
    ("KFINTECH", "SUMMARY"),
    ("CAMS", "DETAILED"),
    ("KFINTECH", "DETAILED"),
]


def corpus(count: int) -> list[tuple[bytes, str | None]]:
    out = []
    for seed in range(count):
        issuer, variant = LAYOUTS[seed % 4]
        generated = generate(
            issuer=issuer,
            variant=variant,
            seed=1000 + seed,
            pages=1 + seed % 3,
            encryption="AES-128" if seed % 5 == 0 else None,
        )
        out.append((generated.pdf, generated.password))
    return out


async def run(workers: int, files: list[tuple[bytes, str | None]], folder: Path) -> float:
    root = folder / "root"
    root.mkdir(parents=True)
    url = f"sqlite:///{folder / 'bench.db'}"
    run_migrations(url)
    settings = Settings(
        database_url=url,
        data_dir=folder / "data",
        batch_root=str(root),
        parse_workers=workers,
        jwt_secret="bench-secret-" + "x" * 40,
    )
    _, secret = create_key("bench", 0, settings=settings)
    from core.accounts.models import ApiKey
    from core.db import session_scope

    with session_scope(settings) as session:  # unlimited credits for the bench key
        for key in session.exec(select(ApiKey)).all():
            key.unlimited = True
    principal = authenticate(secret, None, settings=settings)
    sources = []
    for index, (pdf, password) in enumerate(files):
        (root / f"{index}.pdf").write_bytes(pdf)
        sources.append({"path": f"{index}.pdf", **({"password": password} if password else {})})

    async def one_job(batch: list[dict]) -> int:
        job = await start_batch(principal, "bench", batch, settings=settings)
        last = {}
        async for event in watch(principal, job["job_id"], settings=settings):
            last = event
        assert last.get("type") == "completed", last
        return int(last["done"])

    await one_job(sources[: workers * 2])  # warm-up: start the pool's processes
    started = time.perf_counter()
    done = await one_job(sources)
    elapsed = time.perf_counter() - started
    assert done == len(sources), f"{done} of {len(sources)} documents completed"
    shutdown_runners()
    shutdown_pool()
    return len(sources) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    files = corpus(args.documents)
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            rates[workers] = asyncio.run(run(workers, files, Path(tmp) / f"w{workers}"))
            print(f"{workers} worker{'s' if workers > 1 else ''}: {rates[workers]:.1f} documents/s")
    print(f"speed-up of two workers over one: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")


if __name__ == "__main__":
    main()
