"""``python -m tests.golden --update``: record the golden REST bodies anew (after a change that
is meant to alter the REST surface; say so in the commit)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .scenario import record

BODIES = Path(__file__).resolve().parent / "bodies"


def write(bodies: dict[str, str], folder: Path = BODIES) -> None:
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.txt"):
        stale.unlink()
    for name, body in bodies.items():
        (folder / f"{name}.txt").write_text(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/bodies/")
    args = parser.parse_args()
    if not args.update:
        parser.error("pass --update to rewrite the golden bodies")
    with tempfile.TemporaryDirectory() as workdir:
        write(record(Path(workdir)))
    print(f"wrote {len(list(BODIES.glob('*.txt')))} bodies to {BODIES}")


if __name__ == "__main__":
    main()
