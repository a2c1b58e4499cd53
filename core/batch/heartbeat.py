"""Heartbeats of Dramatiq batch workers in Redis, so ``/api/health`` and the metrics can say
whether any worker is alive (queued documents otherwise wait without a hint).

Each worker keeps one key ``<prefix>batch:workers:<id>`` holding what it is (host, pid,
queues, threads, start time), rewritten every ``CASGATE_WORKER_HEARTBEAT_SECONDS`` with a time
to live of three beats: a worker that stops beating disappears on its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass

import redis

from core.settings import Settings

log = logging.getLogger(__name__)


def _key_prefix(settings: Settings) -> str:
    return f"{settings.redis_key_prefix}batch:workers:"


@dataclass(frozen=True)
class WorkerBeat:
    """What a live worker last said about itself."""

    worker_id: str
    host: str
    pid: int
    queues: list[str]
    threads: int
    started_at: float
    beat_at: float


def _client(settings: Settings) -> redis.Redis:
    return redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)


class Heartbeat:
    """Beats for one worker in a background thread until :meth:`stop`."""

    def __init__(self, settings: Settings, queues: list[str], threads: int) -> None:
        self.settings = settings
        self.interval = max(1.0, float(settings.worker_heartbeat_seconds))
        self.beat = WorkerBeat(
            worker_id=f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}",
            host=socket.gethostname(),
            pid=os.getpid(),
            queues=queues,
            threads=threads,
            started_at=time.time(),
            beat_at=0.0,
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="casgate-heartbeat", daemon=True)
        self._client = _client(settings)

    @property
    def key(self) -> str:
        return _key_prefix(self.settings) + self.beat.worker_id

    def send(self) -> None:
        """One beat (the thread calls this; tests may too)."""
        body = {**self.beat.__dict__, "beat_at": time.time()}
        self._client.set(self.key, json.dumps(body), ex=max(3, round(self.interval * 3)))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.send()
            except redis.RedisError as error:  # Redis away: try again next beat
                log.warning("worker heartbeat not sent: %s", error)
            self._stop.wait(self.interval)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop beating and say so at once (the key goes), rather than after the time to live."""
        self._stop.set()
        self._thread.join(5)
        with contextlib.suppress(redis.RedisError):
            self._client.delete(self.key)
        self._client.close()


def alive_workers(settings: Settings) -> list[WorkerBeat]:
    """Every worker whose heartbeat has not expired."""
    client = _client(settings)
    try:
        beats = []
        for key in client.scan_iter(match=_key_prefix(settings) + "*", count=100):
            raw = client.get(key)
            if raw is not None:
                beats.append(WorkerBeat(**json.loads(raw)))
        return beats
    finally:
        client.close()
