"""The real stack for benchmarks: ``python -m server.launch`` on free ports, ready to call."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stack_cpu_seconds(root: int) -> tuple[float, float]:
    """CPU time (user + system) so far of process ``root`` and its live descendants (the
    gateway, the server and its worker processes of a stack started by :func:`running_stack`),
    and of the server process alone (``python -m server``, without its workers)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry))
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo += children.get(pid, [])
    server = sum(times.get(pid, 0.0) for pid in children.get(root, []) if _is_server(pid))
    return total, server


def _is_server(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().split(b"\0")[1:3] == [b"-m", b"server"]
    except OSError:
        return False


@contextmanager
def running_stack(pids: list[int] | None = None, **env: str) -> Iterator[tuple[int, int]]:
    """The stack started with ``env`` added (``CASGATE_…`` settings); yields its HTTP (Envoy)
    and direct gRPC ports once ``/api/status`` answers, and stops it afterwards. The process
    id of the stack's launcher is added to ``pids`` when given (see :func:`stack_cpu_seconds`)."""
    http_port, grpc_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        stack = subprocess.Popen(
            [sys.executable, "-m", "server.launch"],
            cwd=ROOT,
            env={
                **os.environ,
                "CASGATE_HTTP_PORT": str(http_port),
                "CASGATE_GRPC_PORT": str(grpc_port),
                "CASGATE_ADMIN_PORT": str(free_port()),
                "CASGATE_WS_PORT": str(free_port()),
                "CASGATE_DATA_DIR": data_dir,
                **env,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if pids is not None:
            pids.append(stack.pid)
        try:
            _wait_ready(http_port)
            yield http_port, grpc_port
        finally:
            stack.send_signal(signal.SIGINT)
            stack.wait(30)


def _wait_ready(http_port: int) -> None:
    client = httpx.Client(base_url=f"http://127.0.0.1:{http_port}")
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/api/status").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("stack did not start")
        time.sleep(0.2)
