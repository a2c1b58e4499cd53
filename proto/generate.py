"""Regenerates the Python stubs (gen/casgate/v1) and Envoy's descriptor set (gateway/casgate.pb).

    python proto/generate.py           # write them
    python proto/generate.py --check   # exit 1 when what is committed is stale

Both come from one protoc (the one inside grpcio-tools, so the version is pinned with grpcio).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
GOOGLEAPIS = PROTO_ROOT / "third_party" / "googleapis"
STUBS_DIR = ROOT / "gen"
DESCRIPTOR = ROOT / "gateway" / "casgate.pb"
# Envoy renders google.rpc.ErrorInfo details only when their types are in the descriptor.
EXTRA_DESCRIPTOR_FILES = ["google/rpc/error_details.proto"]


def _our_protos() -> list[str]:
    return sorted(
        str(path.relative_to(PROTO_ROOT)) for path in (PROTO_ROOT / "casgate").rglob("*.proto")
    )


def _protoc(*args: str) -> None:
    include = Path(protoc.__file__).parent / "_proto"
    argv = ["protoc", f"-I{PROTO_ROOT}", f"-I{GOOGLEAPIS}", f"-I{include}", *args]
    if protoc.main(argv) != 0:
        raise SystemExit(f"protoc failed: {' '.join(args)}")


def generate(stubs_dir: Path, descriptor: Path) -> None:
    """Write stubs under ``stubs_dir`` and the descriptor set to ``descriptor``."""
    protos = _our_protos()
    package_dir = stubs_dir / "casgate" / "v1"
    package_dir.mkdir(parents=True, exist_ok=True)
    for stale in package_dir.glob("*_pb2*"):
        stale.unlink()
    for init in (stubs_dir / "casgate" / "__init__.py", package_dir / "__init__.py"):
        init.touch()
    _protoc(
        f"--python_out={stubs_dir}",
        f"--pyi_out={stubs_dir}",
        f"--grpc_python_out={stubs_dir}",
        *protos,
    )
    descriptor.parent.mkdir(parents=True, exist_ok=True)
    _protoc(
        f"--descriptor_set_out={descriptor}",
        "--include_imports",
        "--include_source_info",
        *protos,
        *EXTRA_DESCRIPTOR_FILES,
    )


def stale_files() -> list[str]:
    """Generated files that differ from a fresh generation (empty when up to date)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh_stubs = Path(tmp) / "gen"
        fresh_descriptor = Path(tmp) / "casgate.pb"
        generate(fresh_stubs, fresh_descriptor)
        stale: list[str] = []
        fresh_pkg = fresh_stubs / "casgate" / "v1"
        ours_pkg = STUBS_DIR / "casgate" / "v1"
        fresh_names = {p.name for p in fresh_pkg.iterdir() if p.is_file()}
        our_names = (
            {p.name for p in ours_pkg.iterdir() if p.is_file()} if ours_pkg.exists() else set()
        )
        for name in sorted(fresh_names | our_names):
            a, b = fresh_pkg / name, ours_pkg / name
            if not (a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False)):
                stale.append(str(b.relative_to(ROOT)))
        if not (DESCRIPTOR.exists() and filecmp.cmp(fresh_descriptor, DESCRIPTOR, shallow=False)):
            stale.append(str(DESCRIPTOR.relative_to(ROOT)))
        return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when generated files are stale")
    args = parser.parse_args()
    if args.check:
        stale = stale_files()
        if stale:
            print("stale generated files (run `make generate`):", *stale, sep="\n  ")
            return 1
        print("generated files are up to date")
        return 0
    generate(STUBS_DIR, DESCRIPTOR)
    shutil.rmtree(STUBS_DIR / "casgate" / "v1" / "__pycache__", ignore_errors=True)
    print(f"wrote {STUBS_DIR.relative_to(ROOT)}/casgate/v1 and {DESCRIPTOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
