"""Renders envoy.yaml.in into a runnable Envoy configuration.

    python gateway/render.py --listen 127.0.0.1:8080 --upstream 127.0.0.1:50051 --out var/envoy.yaml

The gateway imports nothing from the rest of casgate: whoever starts it passes every value here.
"""

from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path
from string import Template

GATEWAY_DIR = Path(__file__).resolve().parent

#: Services whose JSON bindings the main transcoder serves (UploadService is per-route only).
JSON_SERVICES = [
    "casgate.v1.ParseService",
    "casgate.v1.FetchService",
    "casgate.v1.InboxService",
    "casgate.v1.AccountService",
    "casgate.v1.BatchService",
    "casgate.v1.HistoryService",
    "casgate.v1.StatusService",
]


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host, int(port)


def _cluster_type(host: str) -> str:
    """STATIC for an IP literal; STRICT_DNS for a name (e.g. a Compose service)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "STRICT_DNS"
    return "STATIC"


def render(
    *,
    listen: str,
    upstream: str,
    ws_upstream: str,
    admin_port: int,
    request_timeout: int,
    max_body: int,
    descriptor: Path = GATEWAY_DIR / "casgate.pb",
) -> str:
    """The Envoy YAML for these settings."""
    listen_host, listen_port = _host_port(listen)
    upstream_host, upstream_port = _host_port(upstream)
    ws_host, ws_port = _host_port(ws_upstream)
    template = Template((GATEWAY_DIR / "envoy.yaml.in").read_text())
    return template.substitute(
        listen_host=listen_host,
        listen_port=listen_port,
        upstream_host=upstream_host,
        upstream_port=upstream_port,
        cluster_type=_cluster_type(upstream_host),
        ws_host=ws_host,
        ws_port=ws_port,
        ws_cluster_type=_cluster_type(ws_host),
        admin_port=admin_port,
        request_timeout=request_timeout,
        max_body=max_body,
        descriptor=descriptor,
        lua=GATEWAY_DIR / "errors.lua",
        services=", ".join(JSON_SERVICES),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8080", help="REST and gRPC listener")
    parser.add_argument("--upstream", default="127.0.0.1:50051", help="the casgate gRPC server")
    parser.add_argument(
        "--ws-upstream", default="127.0.0.1:50052", help="the batch-events WebSocket listener"
    )
    parser.add_argument("--admin-port", type=int, default=9901, help="admin port on 127.0.0.1")
    parser.add_argument("--request-timeout", type=int, default=120, help="unary timeout, seconds")
    parser.add_argument("--max-body", type=int, default=48 * 1024 * 1024, help="bytes")
    parser.add_argument("--out", type=Path, required=True, help="where to write the YAML")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        render(
            listen=args.listen,
            upstream=args.upstream,
            ws_upstream=args.ws_upstream,
            admin_port=args.admin_port,
            request_timeout=args.request_timeout,
            max_body=args.max_body,
        )
    )


if __name__ == "__main__":
    main()
