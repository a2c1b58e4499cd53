"""A statement parsed end to end through REST (Envoy → gRPC server → worker) against casparser on
the same file in the same run.

    python bench/parse_rest.py [--rounds 30]

Starts the real stack (``python -m server.launch`` on free ports, an operator key with unlimited
credits), then, per statement, posts it to ``POST /v4/smart/parse`` (multipart) and lets
casparser read it in this process, in interleaved rounds so machine noise hits both alike.
Prints the median wall time of each and the ratio, and the CPU time the stack (gateway, server
and workers together) and the server process alone (without its workers) spent per call: means,
as the kernel counts them in 10 ms ticks, and far less disturbed than wall time by other load on
a shared machine. The statements: a 3-page CAMS detailed statement (target: 40 ms through REST),
a 113-page one, and NSDL and CDSL eCAS.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stack import running_stack, stack_cpu_seconds  # noqa: E402

from tests.statements import generate  # noqa: E402
from tests.statements.ecas import generate_ecas  # noqa: E402

KEY = "bench-operator-key-0123456789abcdef"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    settings = {"CASGATE_BOOTSTRAP_API_KEY": KEY, "CASGATE_RATE_LIMIT_PER_MINUTE": "100000"}
    pids: list[int] = []
    with running_stack(pids, **settings) as (http_port, _):
        return run(http_port, args.rounds, pids[0])


def _statements() -> list[tuple[str, bytes, str | None, int]]:
    cams = [generate(issuer="CAMS", variant="DETAILED", seed=3000 + p, pages=p) for p in (3, 113)]
    ecas = [generate_ecas(depository=d, seed=3100, size=4) for d in ("NSDL", "CDSL")]
    return [(g.name, g.pdf, g.password, g.pages) for g in [*cams, *ecas]]


def run(http_port: int, rounds: int, stack_pid: int) -> int:
    import casparser

    client = httpx.Client(base_url=f"http://127.0.0.1:{http_port}", timeout=120)

    def ours(pdf: bytes, password: str | None) -> None:
        response = client.post(
            "/v4/smart/parse",
            headers={"x-api-key": KEY},
            files={"pdf_file": ("statement.pdf", pdf, "application/pdf")},
            data={"password": password or ""},
        )
        if response.status_code != 200:
            raise RuntimeError(f"REST answered {response.status_code}: {response.text[:200]}")

    def peer(pdf: bytes, password: str | None) -> None:
        casparser.read_cas_pdf(io.BytesIO(pdf), password or "", sort_transactions=False)

    print(f"{rounds} interleaved rounds per statement (a tenth for long ones); wall time, median")
    print(
        f"{'statement':28} {'pages':>5} {'REST ms':>9} {'peer ms':>9} "
        f"{'REST ms/pg':>10} {'ratio':>6} {'stack CPU ms':>12} {'server CPU ms':>13}"
    )
    for name, pdf, password, pages in _statements():
        runs = max(3, rounds if pages < 50 else rounds // 10)
        for call in (ours, peer):  # warm both paths (workers, imports, connections)
            call(pdf, password)
        times: dict[str, list[float]] = {"ours": [], "peer": []}
        cpu = server_cpu = 0.0
        for _ in range(runs):
            for label, call in (("ours", ours), ("peer", peer)):
                # read before the clock starts: a scan of /proc takes 1-2 ms
                stack_cpu, server_before = stack_cpu_seconds(stack_pid)
                started = time.perf_counter()
                call(pdf, password)
                times[label].append((time.perf_counter() - started) * 1000)
                if label == "ours":
                    stack_after, server_after = stack_cpu_seconds(stack_pid)
                    cpu += (stack_after - stack_cpu) * 1000
                    server_cpu += (server_after - server_before) * 1000
        mine, theirs = statistics.median(times["ours"]), statistics.median(times["peer"])
        print(
            f"{name:28} {pages:5d} {mine:9.1f} {theirs:9.1f} {mine / pages:10.1f} "
            f"{theirs / mine:6.2f} {cpu / runs:12.1f} {server_cpu / runs:13.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
