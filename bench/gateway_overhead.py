"""Latency of one small unary call: direct gRPC vs through the gateway (native gRPC and REST).

    python bench/gateway_overhead.py [--calls 2000]

Starts the real stack (``python -m server.launch`` on free ports), then calls GetStatus in
interleaved rounds — one direct gRPC call, one gRPC call through Envoy, one REST call through
Envoy per round — so machine noise hits every path alike. Prints median and p99 per path and
their ratios to the direct call. Target: REST through the gateway within 1.5x of direct gRPC at
the median.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from stack import running_stack  # noqa: E402

from casgate.v1 import status_pb2, status_pb2_grpc  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="rounds (one call per path each)")
    args = parser.parse_args()

    with running_stack() as (http_port, grpc_port):
        return run(http_port, grpc_port, args.calls)


def run(http_port: int, grpc_port: int, calls: int) -> int:
    # The leanest HTTP/1.1 client (stdlib, keep-alive), so the REST path measures the gateway
    # rather than a Python HTTP library.
    connection = http.client.HTTPConnection("127.0.0.1", http_port)

    def rest_call() -> None:
        connection.request("GET", "/api/status")
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"REST answered {response.status}")

    direct = status_pb2_grpc.StatusServiceStub(grpc.insecure_channel(f"127.0.0.1:{grpc_port}"))
    gateway = status_pb2_grpc.StatusServiceStub(grpc.insecure_channel(f"127.0.0.1:{http_port}"))
    request = status_pb2.GetStatusRequest()

    paths = {
        "gRPC direct": lambda: direct.GetStatus(request),
        "gRPC via gateway": lambda: gateway.GetStatus(request),
        "REST via gateway": rest_call,
    }
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for call in paths.values():  # warm up connections and code paths
        for _ in range(50):
            call()
    for _ in range(calls):
        for name, call in paths.items():
            started = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - started) * 1000)

    base_p50 = statistics.median(samples["gRPC direct"])
    base_p99 = percentile(samples["gRPC direct"], 0.99)
    print(f"{calls} interleaved rounds of GetStatus")
    print(f"{'path':<18} {'p50 ms':>8} {'p99 ms':>8} {'p50 ratio':>10} {'p99 ratio':>10}")
    for name, values in samples.items():
        p50, p99 = statistics.median(values), percentile(values, 0.99)
        print(f"{name:<18} {p50:8.3f} {p99:8.3f} {p50 / base_p50:10.2f} {p99 / base_p99:10.2f}")
    ratio = statistics.median(samples["REST via gateway"]) / base_p50
    verdict = "meets" if ratio <= 1.5 else "misses"
    print(f"REST via gateway / gRPC direct at the median: {ratio:.2f}x ({verdict} the 1.5x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
