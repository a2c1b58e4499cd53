"""Our engine and casparser on the same generated statements, in one run.

Prints per-page time, the speed ratio, peak memory of each parser (run in its own child process
so that one's allocations do not count against the other) and accuracy against the ground truth:
recall/precision of folios, schemes and transactions (exact units and amounts).

    .venv/bin/python bench/parse_vs_casparser.py [--pages 113 150] [--small 6] [--warm 4]
        [--variants]

Each figure above is the first parse in a fresh process. Ours runs in a process that has first
done what a parse worker does once when it starts (``core.isolation.warm_parser``: imports, the
scheme database); that start-up is shown apart (``start ms``), and ``+start`` is the ratio with
it counted against this one parse. casparser has no start-up step: its figure includes its
first use. ``--warm N`` then times the long statements again in this process, both parsers
warmed up first and interleaved N times, as a parse worker that has served before runs them.
``--variants`` adds the long statement in each of the generator's four layout variants (wrapped
headers, other columns and widths, …), so that speed is not bought with brittleness.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.statements import GeneratedStatement, generate

#: ``--clock``: the child process's CPU time (other processes on a shared machine disturb it far
#: less than wall time) or wall time
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def _start(clock: str) -> float:
    """What a parse worker does once when it starts, timed."""
    start = CLOCKS[clock]()
    from core.isolation import warm_parser

    warm_parser()
    return CLOCKS[clock]() - start


def _ours(g: GeneratedStatement, clock: str) -> tuple[float, set[tuple[Any, ...]]]:
    from core.parse import parse_statement

    start = CLOCKS[clock]()
    result = parse_statement(g.pdf, g.password).to_dict()
    return CLOCKS[clock]() - start, _keys(result["mutual_funds"])


def _peer(g: GeneratedStatement, clock: str) -> tuple[float, set[tuple[Any, ...]]]:
    import casparser

    start = CLOCKS[clock]()
    data = casparser.read_cas_pdf(io.BytesIO(g.pdf), g.password, sort_transactions=False)
    elapsed = CLOCKS[clock]() - start
    folios = []
    for f in data.folios:
        folios.append(
            {
                "amc": f.amc,
                "folio_number": f.folio,
                "schemes": [
                    {
                        "isin": s.isin,
                        "units": float(s.close),
                        "transactions": [
                            {
                                "date": t.date.isoformat(),
                                "units": _f(t.units),
                                "amount": _f(t.amount),
                            }
                            for t in s.transactions
                        ],
                    }
                    for s in f.schemes
                ],
            }
        )
    return elapsed, _keys(folios)


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _keys(folios: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """Folio, scheme and transaction identities with their exact numbers."""
    out: set[tuple[Any, ...]] = set()
    for f in folios:
        folio = ("folio", f["amc"], f["folio_number"])
        out.add(folio)
        for i, s in enumerate(f.get("schemes", [])):
            out.add(("scheme", *folio[1:], s.get("isin"), s.get("units")))
            for j, t in enumerate(s.get("transactions", [])):
                out.add(("tx", *folio[1:], i, j, t.get("date"), t.get("units"), t.get("amount")))
    return out


def _child(which: str, g: GeneratedStatement, clock: str, queue: Any) -> None:
    started = _start(clock) if which == "ours" else 0.0
    elapsed, keys = (_ours if which == "ours" else _peer)(g, clock)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((elapsed, keys, peak, started))


def measure(
    which: str, g: GeneratedStatement, clock: str = "cpu"
) -> tuple[float, set[tuple[Any, ...]], float, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(which, g, clock, queue))
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def score(truth: set[tuple[Any, ...]], got: set[tuple[Any, ...]], kind: str) -> tuple[float, float]:
    t = {k for k in truth if k[0] == kind}
    g = {k for k in got if k[0] == kind}
    hit = len(t & g)
    return (hit / len(t) if t else 1.0), (hit / len(g) if g else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="*", default=[113, 150])
    parser.add_argument("--small", type=int, default=6, help="number of small statements")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    parser.add_argument("--warm", type=int, default=0, help="warm interleaved repetitions")
    parser.add_argument(
        "--variants", action="store_true", help="the long statements in every layout variant"
    )
    args = parser.parse_args()
    print(f"timed by {args.clock} time")
    cases = [("CAMS", "DETAILED", 1000 + p, p) for p in args.pages]
    if args.variants:  # the generator's layout variant is the seed modulo 4
        cases += [
            ("CAMS", "DETAILED", 1000 + p + k, p)
            for p in args.pages
            for k in range(-1, 3)
            if k  # seed 1000 + p itself is above
        ]
    cases += [
        (
            "KFINTECH" if i % 2 else "CAMS",
            "SUMMARY" if i % 3 == 2 else "DETAILED",
            2000 + i,
            2 + i % 4,
        )
        for i in range(args.small)
    ]
    print(
        f"{'statement':34} {'pages':>5} {'ours ms/pg':>10} {'peer ms/pg':>10} {'ratio':>6} "
        f"{'start ms':>8} {'+start':>6} {'ours MB':>8} {'peer MB':>8}  "
        "recall/precision ours | peer (folio, scheme, tx)"
    )
    for issuer, variant, seed, pages in cases:
        g = generate(issuer=issuer, variant=variant, seed=seed, pages=pages)
        truth = _keys(g.truth["mutual_funds"])
        ours_t, ours_k, ours_mb, start_t = measure("ours", g, args.clock)
        peer_t, peer_k, peer_mb, _ = measure("peer", g, args.clock)
        acc = []
        for keys in (ours_k, peer_k):
            acc.append(
                " ".join(
                    "{:.3f}/{:.3f}".format(*score(truth, keys, k))
                    for k in ("folio", "scheme", "tx")
                )
            )
        print(
            f"{g.name:34} {g.pages:5d} {1000 * ours_t / g.pages:10.1f} "
            f"{1000 * peer_t / g.pages:10.1f} {peer_t / ours_t:6.1f} {1000 * start_t:8.0f} "
            f"{peer_t / (ours_t + start_t):6.1f} {ours_mb:8.0f} {peer_mb:8.0f}  "
            f"{acc[0]} | {acc[1]}"
        )
    if args.warm:
        _warm_runs(args.pages, args.warm, args.clock)


def _warm_runs(sizes: list[int], repeats: int, clock: str) -> None:
    """Both parsers warm, in this process, interleaved: ratio per repetition."""
    print(f"warm, in one process, {repeats} interleaved repetitions")
    for pages in sizes:
        g = generate(issuer="CAMS", variant="DETAILED", seed=1000 + pages, pages=pages)
        _ours(g, clock), _peer(g, clock)  # imports, the scheme database, caches
        for _ in range(repeats):
            ours, peer = _ours(g, clock)[0], _peer(g, clock)[0]
            print(
                f"{g.name:34} {g.pages:5d} {1000 * ours / g.pages:10.1f} "
                f"{1000 * peer / g.pages:10.1f} {peer / ours:6.1f}"
            )


if __name__ == "__main__":
    main()
