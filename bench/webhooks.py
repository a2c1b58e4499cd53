"""Webhook delivery: deliveries per second to a receiver on loopback and the latency from a
job's end (its transaction's commit) to the delivery's arrival, p50 and p99, for 1,000 events
queued at once; and the same for events that end one at a time.

    .venv/bin/python -m bench.webhooks [--events 1000] [--database-url postgresql://…]

The peer, measured in the same run against the same receiver (a separate process,
``bench/webhook_receiver.py``): a plain synchronous loop that signs each body and POSTs it
with one ``httpx.Client`` right where the job ends, with no outbox, no retries and no
durability (a crash or an unreachable receiver loses the event). The ratios show what the
durable outbox costs, or gains by sending concurrently.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.accounts.principal import Principal
from core.db import dispose_engine, session_scope
from core.migrate import run_migrations
from core.settings import Settings
from core.webhooks import create_webhook
from core.webhooks.dispatcher import Dispatcher
from core.webhooks.outbox import record_event

EVENT = "extraction.completed"
ROOT = Path(__file__).resolve().parents[1]


def _data(number: int) -> dict[str, object]:
    return {"job_id": f"job-{number}", "filename": f"doc-{number}.pdf", "result": {"n": number}}


class ReceiverProcess:
    def __init__(self, folder: Path) -> None:
        port_file = folder / "receiver.port"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.webhook_receiver", str(port_file)], cwd=ROOT
        )
        while not port_file.exists() or not port_file.read_text():
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port_file.read_text()}/hooks"
        self.client = httpx.Client(timeout=10)

    def arrivals(self, count: int, timeout: float = 600) -> dict[str, float]:
        deadline = time.monotonic() + timeout
        while True:
            found: dict[str, float] = self.client.get(self.url).json()
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def forget(self) -> None:
        self.client.delete(self.url)

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)


def _summary(
    name: str, ends: dict[str, float], arrivals: dict[str, float], began: float
) -> dict[str, float]:
    missing = set(ends) - set(arrivals)
    if missing:
        raise SystemExit(f"{name}: {len(missing)} events never arrived")
    latencies = sorted((arrivals[job] - ends[job]) * 1000 for job in ends)
    elapsed = max(arrivals[job] for job in ends) - began
    result = {
        "per_second": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }
    print(
        f"{name:<34} {result['per_second']:9.1f}/s   p50 {result['p50']:9.1f} ms"
        f"   p99 {result['p99']:9.1f} ms"
    )
    return result


class Casgate:
    """The outbox and the server's in-process delivery loop (on a thread's event loop)."""

    def __init__(self, settings: Settings, principal: Principal) -> None:
        self.settings = settings
        self.principal = principal
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.dispatcher: Dispatcher | None = None

    def start(self) -> None:
        async def begin() -> Dispatcher:
            return Dispatcher(self.settings).start()

        self.dispatcher = asyncio.run_coroutine_threadsafe(begin(), self.loop).result()

    def stop(self) -> None:
        if self.dispatcher is not None:
            asyncio.run_coroutine_threadsafe(self.dispatcher.stop(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()

    def end_jobs(self, numbers: range) -> float:
        """Jobs that end in one transaction (each writing its event); the commit's time."""
        account = self.principal.account_id or ""
        with session_scope(self.settings) as session:
            for number in numbers:
                record_event(session, account_id=account, event=EVENT, data=_data(number))
        return time.time()


def naive_send(client: httpx.Client, url: str, secret: str, number: int) -> None:
    body = json.dumps({"event": EVENT, "timestamp": "", "data": _data(number)}).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    client.post(url, content=body, headers={"x-webhook-signature": signature})


def _trickle(end_one: object, numbers: range) -> tuple[dict[str, float], float]:
    ends: dict[str, float] = {}
    began = time.time()
    for number in numbers:
        ends[f"job-{number}"] = end_one(number)  # type: ignore[operator]
        time.sleep(0.005)
    return ends, began


def run(events: int, trickle: int, database_url: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(
            database_url=url,
            data_dir=Path(folder),
            jwt_secret="bench-webhooks-secret-0123456789abcdef0123456789",
            webhook_allow_private_urls=True,
        )
        run_migrations(url)
        _, key = create_key("bench", 10, settings=settings)
        principal = authenticate(key, None, settings=settings)
        receiver = ReceiverProcess(Path(folder))
        print(f"{events} queued events, then {trickle} one at a time ({url.split(':')[0]})")
        try:
            hook = asyncio.run(create_webhook(principal, receiver.url, [EVENT], settings=settings))
            # casgate: queued at once, then one at a time
            casgate = Casgate(settings, principal)
            ended = casgate.end_jobs(range(events))
            began = time.time()
            casgate.start()
            queued = _summary(
                "casgate outbox, queued",
                {f"job-{n}": ended for n in range(events)},
                receiver.arrivals(events),
                began,
            )
            ends, began = _trickle(
                lambda n: casgate.end_jobs(range(n, n + 1)), range(events, events + trickle)
            )
            one = _summary(
                "casgate outbox, one at a time", ends, receiver.arrivals(events + trickle), began
            )
            casgate.stop()
            receiver.forget()

            # the naive peer: a synchronous loop posting where the job ends
            secret = hook.secret or ""
            with httpx.Client(timeout=10) as client:
                began = time.time()
                for number in range(events):
                    naive_send(client, receiver.url, secret, number)
                naive_queued = _summary(
                    "naive sync loop, queued",
                    {f"job-{n}": began for n in range(events)},
                    receiver.arrivals(events),
                    began,
                )

                def end_naive(number: int) -> float:
                    ended = time.time()
                    naive_send(client, receiver.url, secret, number)
                    return ended

                ends, began = _trickle(end_naive, range(events, events + trickle))
                naive_one = _summary(
                    "naive sync loop, one at a time",
                    ends,
                    receiver.arrivals(events + trickle),
                    began,
                )
        finally:
            receiver.stop()
            dispose_engine(url)

    print()
    ratios = [
        ("throughput, queued", queued["per_second"], naive_queued["per_second"]),
        ("p50 latency, queued", queued["p50"], naive_queued["p50"]),
        ("p99 latency, queued", queued["p99"], naive_queued["p99"]),
        ("p50 latency, one at a time", one["p50"], naive_one["p50"]),
        ("p99 latency, one at a time", one["p99"], naive_one["p99"]),
    ]
    for name, ours, theirs in ratios:
        print(f"{name:<28} casgate / naive = {ours / theirs:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--trickle", type=int, default=200)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    run(args.events, args.trickle, args.database_url)


if __name__ == "__main__":
    main()
