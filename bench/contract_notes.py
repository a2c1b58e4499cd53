"""The contract-note engine over the generated corpus: speed and accuracy.

Prints, per broker and overall: ms per page and trades per second (open, decrypt, detect, parse,
reconcile; rendering excluded), recall and precision of trades (trade number, time, side,
quantity, brokerage and net total all equal), the share of notes whose every charge is exact to
the paisa, and notes with reconciliation warnings. The peer, measured in the same run on the
same PDFs: opening, decrypting and laying out the pages' text alone (``text ms/p``), which every
parse starts with; ``x text`` is the whole parse's time as a multiple of it.

    .venv/bin/python bench/contract_notes.py [--seeds 40] [--brokers zerodha groww ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.contract_notes.truth import charges
from tests.statements.contract_note_render import generate

BROKERS = ["zerodha", "groww", "upstox", "icici", "generic"]


def _key(trade: Any) -> tuple[Any, ...]:
    return (
        trade["trade_number"],
        trade["trade_time"],
        trade["buy_sell"],
        trade["quantity"],
        trade["brokerage"],
        trade["net_total"],
    )


def text_only(pdf: bytes, password: str) -> float:
    """Seconds to open, decrypt and lay out every page's text: the peer of a whole parse."""
    from core.pdf import open_pdf
    from core.settings import get_settings

    settings = get_settings()
    start = time.perf_counter()
    with open_pdf(pdf, password, settings) as document:
        for layout in document.layouts():
            _ = layout.lines
    return time.perf_counter() - start


def run(broker: str, seeds: int) -> dict[str, float]:
    from core.contract_notes import read_contract_note

    seconds = text_seconds = pages = trades = found = correct = exact = warned = 0.0
    for seed in range(seeds):
        pdf, note = generate(broker, seed)
        start = time.perf_counter()
        parsed = read_contract_note(pdf, note.pan, None)
        seconds += time.perf_counter() - start
        text_seconds += text_only(pdf, note.pan)
        pages += parsed.meta.pages if parsed.meta and parsed.meta.pages else 1
        truth = {
            _key(
                {
                    "trade_number": t.trade_number,
                    "trade_time": t.trade_time,
                    "buy_sell": t.side,
                    "quantity": t.quantity,
                    "brokerage": t.brokerage,
                    "net_total": t.net_total,
                }
            )
            for t in note.trades
        }
        got = [_key(t.model_dump()) for t in parsed.detailed_trades]
        trades += len(truth)
        found += len(got)
        correct += len(truth & set(got))
        summary = parsed.charges_summary.model_dump() if parsed.charges_summary else {}
        exact += all((summary.get(k) or 0) == v for k, v in charges(note.charges).items())
        warned += bool(parsed.warnings)
    return {
        "notes": seeds,
        "pages": pages,
        "ms_per_page": 1000 * seconds / pages,
        "text_ms_per_page": 1000 * text_seconds / pages,
        "trades_per_s": trades / seconds,
        "recall": correct / trades,
        "precision": correct / found if found else 1.0,
        "charges_exact": exact / seeds,
        "warned": warned,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--brokers", nargs="+", default=BROKERS)
    args = parser.parse_args()
    print(
        f"{'broker':<9} {'notes':>5} {'pages':>5} {'ms/page':>8} {'text ms/p':>9} {'x text':>6} "
        f"{'trades/s':>9} {'recall':>7} {'precision':>9} {'charges':>8} {'warned':>6}"
    )
    for broker in args.brokers:
        r = run(broker, args.seeds)
        print(
            f"{broker:<9} {r['notes']:>5.0f} {r['pages']:>5.0f} {r['ms_per_page']:>8.1f} "
            f"{r['text_ms_per_page']:>9.1f} {r['ms_per_page'] / r['text_ms_per_page']:>6.2f} "
            f"{r['trades_per_s']:>9.0f} {r['recall']:>7.2%} {r['precision']:>9.2%} "
            f"{r['charges_exact']:>8.0%} {r['warned']:>6.0f}"
        )


if __name__ == "__main__":
    main()
