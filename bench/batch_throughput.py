"""Batch throughput: documents per second for 200 mixed generated statements (CAMS and
KFintech CAS, summary and detailed, and NSDL and CDSL eCAS), processed with one worker and
with two, and the speed-up of two over one.

    .venv/bin/python -m bench.batch_throughput [--documents 200]
    .venv/bin/python -m bench.batch_throughput --dramatiq redis://127.0.0.1:6379/0

By default the embedded executor runs the documents; ``--dramatiq`` starts one
``python -m core.batch.worker`` process instead. Each run uses a fresh SQLite database and batch
root; timing starts at ``start_batch`` and ends at the job's ``completed`` event (a watcher
follows the stream, as a client would). Worker processes are warmed up before timing, so
process start-up is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.batch import shutdown_runners, start_batch, watch
from core.isolation import shutdown_pool
from core.migrate import run_migrations
from core.settings import Settings
from tests.statements import generate
from tests.statements.ecas import generate_ecas

ROOT = Path(__file__).resolve().parents[1]

#: the mix: every statement family the batch parses, in rotation
LAYOUTS = [
    ("CAMS", "SUMMARY"),
    ("KFINTECH", "SUMMARY"),
    ("NSDL", "ECAS"),
    ("CAMS", "DETAILED"),
    ("KFINTECH", "DETAILED"),
    ("CDSL", "ECAS"),
]


def corpus(count: int) -> list[tuple[bytes, str | None]]:
    out = []
    for seed in range(count):
        issuer, variant = LAYOUTS[seed % len(LAYOUTS)]
        if variant == "ECAS":
            generated = generate_ecas(depository=issuer, seed=1000 + seed, size=1 + seed % 2)
        else:
            generated = generate(
                issuer=issuer,
                variant=variant,
                seed=1000 + seed,
                pages=1 + seed % 3,
                encryption="AES-128" if seed % 5 == 0 else None,
            )
        out.append((generated.pdf, generated.password))
    return out


@contextlib.contextmanager
def executor(settings: Settings, workers: int) -> Iterator[None]:
    """Nothing for the embedded executor; for Dramatiq, one worker process (``workers``
    threads, each document in its own pool process), as ``docker-compose`` runs it."""
    if settings.batch_executor != "dramatiq":
        yield
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("database_url", "data_dir", "batch_root", "redis_url", "redis_key_prefix"):
        env[f"CASGATE_{name.upper()}"] = str(getattr(settings, name))
    env.update(CASGATE_PARSE_WORKERS=str(workers), CASGATE_JWT_SECRET=settings.jwt_secret)
    worker = subprocess.Popen(
        [sys.executable, "-m", "core.batch.worker", "--threads", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        worker.terminate()
        worker.wait(60)
        client = redis.Redis.from_url(settings.redis_url)
        for key in client.scan_iter(f"{settings.redis_key_prefix}*"):  # leave Redis as found
            client.delete(key)
        client.close()


async def run(
    workers: int, files: list[tuple[bytes, str | None]], folder: Path, redis_url: str
) -> float:
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
        batch_executor="dramatiq" if redis_url else "local",
        redis_url=redis_url,
        redis_key_prefix=f"casgate-bench-{os.getpid()}-{workers}:",
    )
    info, secret = create_key("bench", 0, unlimited=True, settings=settings)
    principal = authenticate(secret, None, settings=settings)
    own = root / info.account_id  # the operator's grant of server-side paths to the account
    own.mkdir()
    sources = []
    for index, (pdf, password) in enumerate(files):
        (own / f"{index}.pdf").write_bytes(pdf)
        sources.append({"path": f"{index}.pdf", **({"password": password} if password else {})})

    async def one_job(batch: list[dict]) -> int:
        job = await start_batch(principal, "bench", batch, settings=settings)
        last = None
        async for event in watch(principal, job.job_id, settings=settings):
            last = event
        assert last is not None and last.type == "completed", last
        return last.done

    with executor(settings, workers):
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
    parser.add_argument(
        "--dramatiq",
        metavar="REDIS_URL",
        default="",
        help="measure the Dramatiq executor on this Redis (e.g. redis://127.0.0.1:6379/0) "
        "instead of the embedded one",
    )
    args = parser.parse_args()
    files = corpus(args.documents)
    rates = {}
    print(f"executor: {'dramatiq' if args.dramatiq else 'local (embedded)'}")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            rate = asyncio.run(run(workers, files, Path(tmp) / f"w{workers}", args.dramatiq))
            rates[workers] = rate
            print(f"{workers} worker{'s' if workers > 1 else ''}: {rate:.1f} documents/s")
    print(f"speed-up of two workers over one: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")


if __name__ == "__main__":
    main()
