"""``python -m tests.statements OUTDIR --seed N --pages P``: write PDFs and ground-truth JSON.

``--issuer NSDL`` / ``CDSL`` writes a depository eCAS instead (``--size`` scales it).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import ENCRYPTIONS, GeneratedStatement, generate
from .ecas import generate_ecas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument(
        "--issuer", choices=["CAMS", "KFINTECH", "both", "NSDL", "CDSL"], default="both"
    )
    parser.add_argument("--variant", choices=["DETAILED", "SUMMARY", "both"], default="both")
    parser.add_argument("--encryption", choices=[*ENCRYPTIONS, "none"], default="AES-256")
    parser.add_argument("--reprint", action="store_true", help="omit the registrar watermark")
    parser.add_argument("--size", type=int, default=2, help="eCAS holdings scale")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    encryption = None if args.encryption == "none" else args.encryption
    if args.issuer in ("NSDL", "CDSL"):
        ecas = generate_ecas(
            depository=args.issuer, seed=args.seed, size=args.size, encryption=encryption
        )
        _write(args.outdir, ecas)
        return
    issuers = ["CAMS", "KFINTECH"] if args.issuer == "both" else [args.issuer]
    variants = ["DETAILED", "SUMMARY"] if args.variant == "both" else [args.variant]
    for issuer in issuers:
        for variant in variants:
            g = generate(
                issuer=issuer,
                variant=variant,
                seed=args.seed,
                pages=args.pages,
                encryption=encryption,
                watermark=not args.reprint,
            )
            _write(args.outdir, g)


def _write(outdir: Path, g: GeneratedStatement) -> None:
    (outdir / f"{g.name}.pdf").write_bytes(g.pdf)
    sidecar = {"password": g.password, "encryption": g.encryption, "truth": g.truth}
    (outdir / f"{g.name}.json").write_text(json.dumps(sidecar, indent=1))
    # the password (a PAN for eCAS) goes to the sidecar only, never to the console
    print(f"{g.name}.pdf  pages={g.pages}  encrypted={g.password is not None}")


if __name__ == "__main__":
    main()
