"""``python -m tests.statements OUTDIR --seed N --pages P``: write PDFs and ground-truth JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import ENCRYPTIONS, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--issuer", choices=["CAMS", "KFINTECH", "both"], default="both")
    parser.add_argument("--variant", choices=["DETAILED", "SUMMARY", "both"], default="both")
    parser.add_argument("--encryption", choices=[*ENCRYPTIONS, "none"], default="AES-256")
    parser.add_argument("--reprint", action="store_true", help="omit the registrar watermark")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    issuers = ["CAMS", "KFINTECH"] if args.issuer == "both" else [args.issuer]
    variants = ["DETAILED", "SUMMARY"] if args.variant == "both" else [args.variant]
    for issuer in issuers:
        for variant in variants:
            g = generate(
                issuer=issuer,
                variant=variant,
                seed=args.seed,
                pages=args.pages,
                encryption=None if args.encryption == "none" else args.encryption,
                watermark=not args.reprint,
            )
            (args.outdir / f"{g.name}.pdf").write_bytes(g.pdf)
            sidecar = {"password": g.password, "encryption": g.encryption, "truth": g.truth}
            (args.outdir / f"{g.name}.json").write_text(json.dumps(sidecar, indent=1))
            print(f"{g.name}.pdf  pages={g.pages}  password={g.password}")


if __name__ == "__main__":
    main()
