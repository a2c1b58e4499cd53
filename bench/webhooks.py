"""Webhook delivery: deliveries per second to a receiver on loopback and the latency from a
job's end (its transaction's commit) to the delivery's arrival, p50 and p99, for 1,000 events
queued at once; and the same for events that end one at a time while the workers idle.

    .venv/bin/python -m bench.webhooks [--events 1000] [--database-url postgresql://…]

The peer, measured in the same run against the same receiver: a plain synchronous loop that
signs each body and POSTs it with one ``httpx.Client`` right where the job ends, with no
outbox, no retries and no durability (a crash loses whatever it had not sent). The ratios
show what the durable outbox costs, or gains by sending concurrently.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
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
from tests.webhooks.receiver import Receiver

EVENT = "extraction.completed"


def _data(number: int) -> dict[str, object]:
    return {"job_id": f"job-{number}", "filename": f"doc-{number}.pdf", "result": {"n": number}}


class Arrivals:
    """When each job's delivery arrived at the receiver, by job id."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver

    def times(self) -> dict[str, float]:
        with self.receiver.lock:
            found: dict[str, float] = {}
            for got in self.receiver.received:
                found.setdefault(json.loads(got.body)["data"]["job_id"], got.at)
            return found

    def wait(self, count: int, timeout: float = 600) -> dict[str, float]:
        self.receiver.wait_for(count, timeout)
        return self.times()


def _summary(
    name: str, ends: dict[str, float], arrivals: dict[str, float], began: float
) -> dict[str, float]:
    latencies = sorted((arrivals[job] - ends[job]) * 1000 for job in ends)
    elapsed = max(arrivals.values()) - began
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
    """The outbox and the server's in-process delivery loop."""

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
        return time.monotonic()


def naive_send(client: httpx.Client, url: str, secret: str, number: int) -> None:
    body = json.dumps({"event": EVENT, "timestamp": "", "data": _data(number)}).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    client.post(url, content=body, headers={"x-webhook-signature": signature})


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
        print(f"{events} queued events, then {trickle} events one at a time ({url.split(':')[0]})")

        # -- casgate: queued at once, then one at a time
        receiver = Receiver().start()
        hook = asyncio.run(create_webhook(principal, receiver.url, [EVENT], settings=settings))
        casgate = Casgate(settings, principal)
        ended = casgate.end_jobs(range(events))
        ends = {f"job-{n}": ended for n in range(events)}
        began = time.monotonic()
        casgate.start()
        queued = _summary(
            "casgate outbox, 1,000 queued", ends, Arrivals(receiver).wait(events), began
        )
        trickle_ends: dict[str, float] = {}
        began = time.monotonic()
        for number in range(events, events + trickle):
            trickle_ends[f"job-{number}"] = casgate.end_jobs(range(number, number + 1))
            time.sleep(0.005)
        arrivals = Arrivals(receiver).wait(events + trickle)
        one = _summary(
            "casgate outbox, one at a time",
            trickle_ends,
            {job: arrivals[job] for job in trickle_ends},
            began,
        )
        casgate.stop()
        receiver.stop()

        # -- the naive peer: a synchronous loop posting where the job ends
        receiver = Receiver().start()
        secret = hook.secret or ""
        with httpx.Client(timeout=10) as client:
            began = time.monotonic()
            ends = {}
            for number in range(events):
                ends[f"job-{number}"] = began  # all "ended" together, as the queued run
                naive_send(client, receiver.url, secret, number)
            naive_queued = _summary(
                "naive sync loop, 1,000 queued", ends, Arrivals(receiver).wait(events), began
            )
            trickle_ends = {}
            began = time.monotonic()
            for number in range(events, events + trickle):
                trickle_ends[f"job-{number}"] = time.monotonic()
                naive_send(client, receiver.url, secret, number)
                time.sleep(0.005)
            arrivals = Arrivals(receiver).wait(events + trickle)
            naive_one = _summary(
                "naive sync loop, one at a time",
                trickle_ends,
                {job: arrivals[job] for job in trickle_ends},
                began,
            )
        receiver.stop()
        dispose_engine(url)

    print()
    print(
        "throughput, queued:   casgate / naive = "
        f"{queued['per_second'] / naive_queued['per_second']:.2f}x"
    )
    print(f"p50 latency, queued:  casgate / naive = {queued['p50'] / naive_queued['p50']:.2f}x")
    print(f"p99 latency, queued:  casgate / naive = {queued['p99'] / naive_queued['p99']:.2f}x")
    print(f"p50 latency, single:  casgate / naive = {one['p50'] / naive_one['p50']:.2f}x")
    print(f"p99 latency, single:  casgate / naive = {one['p99'] / naive_one['p99']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--trickle", type=int, default=200)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    run(args.events, args.trickle, args.database_url)


if __name__ == "__main__":
    main()
