"""Our engine and casparser on the same generated eCAS statements, in one run.

Prints per-page time of each, the speed ratio (peer time / ours) and the accuracy of each against
the ground truth: recall/precision of demat accounts (type, DP id, client id) and of holdings
(account, ISIN, units, value), whatever class either side files them under. NSDL and CDSL.

    .venv/bin/python bench/parse_ecas_vs_casparser.py [--depositories NSDL CDSL] [--sizes 2 4 8]
        [--variants 0 1 2 3]

``--variants`` runs every size and seed in each named layout variant
(tests/statements/ecas_variants.py) instead of the one each seed picks, and prints the ratio per
variant too, so that speed is not measured on one layout only.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.statements.ecas import generate_ecas

Keys = set[tuple[Any, ...]]
#: the clock both sides are timed with (``--clock``): wall time, or this process's CPU time,
#: which other processes on a shared machine disturb far less
_clock = time.process_time


def _truth_keys(truth: dict[str, Any]) -> tuple[Keys, Keys]:
    accounts, holdings = set(), set()
    for a in truth.get("demat_accounts", []):
        key = (a["demat_type"], a["dp_id"], a["client_id"])
        accounts.add(key)
        for rows in a.get("holdings", {}).values():
            for h in rows:
                holdings.add((*key, h["isin"], h["units"], h["value"]))
    return accounts, holdings


def _ours(pdf: bytes, password: str | None) -> tuple[float, Keys, Keys]:
    from core.parse import parse_statement

    start = _clock()
    result = parse_statement(pdf, password).to_dict()
    return (_clock() - start, *_truth_keys(result))


def _peer(pdf: bytes, password: str | None) -> tuple[float, Keys, Keys]:
    import casparser

    start = _clock()
    data = casparser.read_cas_pdf(io.BytesIO(pdf), password or "", sort_transactions=False)
    elapsed = _clock() - start
    accounts, holdings = set(), set()
    for a in data.accounts:
        if not a.dp_id:
            continue
        key = (a.type.split()[0], a.dp_id, a.client_id)
        accounts.add(key)
        for e in a.equities:
            holdings.add((*key, e.isin, float(e.num_shares), float(e.value)))
        for m in a.mutual_funds:
            holdings.add((*key, m.isin, float(m.balance), float(m.value)))
        for b in a.bonds:
            holdings.add((*key, b.isin, float(b.num_bonds), float(b.value)))
    return elapsed, accounts, holdings


def _score(truth: Keys, got: Keys) -> str:
    hit = len(truth & got)
    recall = hit / len(truth) if truth else 1.0
    precision = hit / len(got) if got else 1.0
    return f"{recall:.3f}/{precision:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--depositories", nargs="*", default=["NSDL", "CDSL"])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2, 4, 8])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    parser.add_argument("--variants", type=int, nargs="*", default=None)
    args = parser.parse_args()
    global _clock
    _clock = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"timed by {args.clock} time")
    for depository in args.depositories:  # imports and database connections outside the timings
        _ours(*_warm(depository))
        _peer(*_warm(depository))
    print(
        f"{'statement':24} {'pages':>5} {'ours ms/pg':>10} {'peer ms/pg':>10} {'ratio':>6}  "
        "accounts R/P ours | peer   holdings R/P ours | peer"
    )
    totals: dict[str, list[float]] = {}
    runs = [
        (d, size, seed, variant)
        for d in args.depositories
        for variant in (args.variants if args.variants is not None else [None])
        for size in args.sizes
        for seed in range(args.seeds)
    ]
    by_variant: dict[tuple[str, int], list[float]] = {}
    for depository, size, seed, variant in runs:
        g = generate_ecas(
            depository=depository, seed=500 + 10 * size + seed, size=size, variant=variant
        )
        truth_a, truth_h = _truth_keys(g.truth)
        ours = min((_ours(g.pdf, g.password) for _ in range(args.repeat)), key=lambda r: r[0])
        peer = min((_peer(g.pdf, g.password) for _ in range(args.repeat)), key=lambda r: r[0])
        total = totals.setdefault(depository, [0.0, 0.0])
        total[0] += ours[0]
        total[1] += peer[0]
        if variant is not None:
            per = by_variant.setdefault((depository, variant), [0.0, 0.0])
            per[0] += ours[0]
            per[1] += peer[0]
        print(
            f"{g.name:24} {g.pages:5d} {1000 * ours[0] / g.pages:10.1f} "
            f"{1000 * peer[0] / g.pages:10.1f} {peer[0] / ours[0]:6.2f}  "
            f"{_score(truth_a, ours[1])} | {_score(truth_a, peer[1])}   "
            f"{_score(truth_h, ours[2])} | {_score(truth_h, peer[2])}"
        )
    for (depository, variant), (ours_total, peer_total) in by_variant.items():
        print(
            f"{depository} variant {variant} speed ratio (peer / ours): "
            f"{peer_total / ours_total:.2f}"
        )
    for depository, (ours_total, peer_total) in totals.items():
        print(f"{depository} overall speed ratio (peer / ours): {peer_total / ours_total:.2f}")


def _warm(depository: str) -> tuple[bytes, str | None]:
    g = generate_ecas(depository=depository, seed=499, size=1, encryption=None)
    return g.pdf, g.password


if __name__ == "__main__":
    main()
