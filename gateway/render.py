"""Renders envoy.yaml.in into a runnable Envoy configuration.

    python gateway/render.py --listen 127.0.0.1:8080 --upstream 127.0.0.1:50051 --out var/envoy.yaml

The gateway imports nothing from the rest of casgate: whoever starts it passes every value here,
and which services and streaming routes exist is read from the descriptor set (``casgate.pb``).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from google.api import annotations_pb2, http_pb2
from google.protobuf import descriptor_pb2

try:
    from gateway import rest_methods, ui_files
    from gateway.public_routes import lua_table_entries, public_paths
except ModuleNotFoundError:  # run as a script: gateway/ itself is on sys.path
    import rest_methods  # type: ignore[no-redef]
    import ui_files  # type: ignore[no-redef]
    from public_routes import lua_table_entries, public_paths  # type: ignore[no-redef]

GATEWAY_DIR = Path(__file__).resolve().parent
PACKAGE = "casgate.v1"
_HTTP_BODY = ".google.api.HttpBody"
_PATH_VARIABLE = re.compile(r"\{[^}]+\}")
_STREAM_ROUTE = """\
              - match: {path: %s}
                route: {cluster: casgate_server, timeout: 0s, idle_timeout: 3600s}
                request_body_buffer_limit: %d
"""


@dataclass(frozen=True)
class Routes:
    """What the descriptor set says the gateway must route."""

    #: services whose JSON bindings the main transcoder serves
    json_services: list[str]
    #: services whose bindings take a raw ``HttpBody`` (multipart uploads), routed by content type
    upload_services: list[str]
    #: services with server-streaming methods, transcoded as server-sent events
    stream_services: list[str]
    #: REST path templates of the server-streaming methods, e.g. ``/api/status/events``
    stream_paths: list[str]
    #: gRPC paths of the server-streaming methods, e.g. ``/casgate.v1.StatusService/WatchStatus``
    stream_methods: list[str]

    @property
    def stream_regex(self) -> str:
        """One RE2 pattern matching every streaming REST path (a path variable is one segment)."""
        paths = [
            "[^/]+".join(re.escape(part) for part in _PATH_VARIABLE.split(path))
            for path in self.stream_paths
        ]
        return f"^(?:{'|'.join(paths)})$"


def _rest_path(rule: http_pb2.HttpRule) -> str:
    return str(getattr(rule, rule.WhichOneof("pattern") or "get"))


def read_routes(descriptor: Path) -> Routes:
    """The routes of every casgate service in the descriptor set at ``descriptor``."""
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor.read_bytes()).file
    fields = {
        f".{file.package}.{message.name}": {f.name: f.type_name for f in message.field}
        for file in files
        for message in file.message_type
    }
    routes = Routes([], [], [], [], [])
    for file in files:
        if file.package != PACKAGE:
            continue
        for service in file.service:
            name = f"{PACKAGE}.{service.name}"
            rules = {m.name: m.options.Extensions[annotations_pb2.http] for m in service.method}
            bound = [m for m in service.method if rules[m.name].WhichOneof("pattern")]
            if not bound:
                continue
            takes_raw = all(
                fields[m.input_type].get(rules[m.name].body) == _HTTP_BODY for m in bound
            )
            (routes.upload_services if takes_raw else routes.json_services).append(name)
            streaming = [m for m in bound if m.server_streaming]
            if streaming:
                routes.stream_services.append(name)
            routes.stream_paths.extend(_rest_path(rules[m.name]) for m in streaming)
            routes.stream_methods.extend(f"/{name}/{m.name}" for m in streaming)
    return routes


#: Request bytes buffered for an event-stream route (its requests have no body to speak of).
STREAM_BUFFER_BYTES = 64 * 1024


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


def _admin(enabled: bool, port: int) -> str:
    """Envoy's admin listener, on loopback only, or nothing at all."""
    if not enabled:
        return ""
    return f"admin:\n  address: {{socket_address: {{address: 127.0.0.1, port_value: {port}}}}}"


#: the API docs (gateway/openapi.json and Swagger UI), answered by Envoy itself: path → (file
#: name, content type); Swagger UI's files come from the npm package swagger-ui-dist
DOCS_FILES = {
    "/openapi.json": ("openapi.json", "application/json"),
    "/docs": ("docs.html", "text/html; charset=utf-8"),
    "/docs/swagger-ui.css": ("swagger-ui.css", "text/css"),
    "/docs/swagger-ui-bundle.js": ("swagger-ui-bundle.js", "text/javascript"),
}
SWAGGER_UI = GATEWAY_DIR.parent / ".venv" / "node" / "node_modules" / "swagger-ui-dist"
#: the web dashboard's static files (plain ES modules, no build step), answered under /ui
UI_DIR = GATEWAY_DIR.parent / "ui"
_DOCS_ROUTE = """\
              - match: {path: %s}
                direct_response: {status: 200, body: {filename: %s}}
                response_headers_to_add:
                - header: {key: content-type, value: "%s"}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
%s                typed_per_filter_config:
                  envoy.filters.http.grpc_json_transcoder:
                    "@type": type.googleapis.com/envoy.config.route.v3.FilterConfig
                    disabled: true
"""


#: the dashboard's extra response headers: its pages load nothing from elsewhere, run no inline
#: script and cannot be framed
_CSP = ui_files.CONTENT_SECURITY_POLICY
_UI_HEADERS = f"""\
                - header: {{key: content-security-policy, value: "{_CSP}"}}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
                - header: {{key: x-content-type-options, value: nosniff}}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
                - header: {{key: referrer-policy, value: no-referrer}}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
                - header: {{key: cache-control, value: no-cache}}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
"""


def _docs_routes(swagger_ui: Path) -> str:
    """Routes answering the docs' files that exist (Swagger UI may not be installed)."""
    routes = []
    for path, (name, content_type) in DOCS_FILES.items():
        file = GATEWAY_DIR / name if (GATEWAY_DIR / name).exists() else swagger_ui / name
        if file.exists():
            routes.append(_DOCS_ROUTE % (path, json.dumps(str(file)), content_type, ""))
    return "".join(routes)


#: what a browser page of an allowed origin may send and read
CORS_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
CORS_REQUEST_HEADERS = "x-api-key, authorization, content-type, x-request-id, last-event-id"
CORS_EXPOSED_HEADERS = "x-request-id, retry-after, x-should-retry, allow"


def _cors_policy(origins: Sequence[str]) -> str:
    """The virtual host's CORS policy for ``origins`` (``*``: any, for development), or
    nothing: without a policy no origin is allowed and browsers keep other sites out."""
    if not origins:
        return ""
    matches = [
        {"safe_regex": {"regex": ".*"}} if origin == "*" else {"exact": origin}
        for origin in origins
    ]
    policy = {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy",
        "allow_origin_string_match": matches,
        "allow_methods": CORS_METHODS,
        "allow_headers": CORS_REQUEST_HEADERS,
        "expose_headers": CORS_EXPOSED_HEADERS,
        "max_age": "600",
    }
    # JSON is YAML: one line, indented under the virtual host
    return (
        "              typed_per_filter_config:\n"
        f"                envoy.filters.http.cors: {json.dumps(policy)}\n"
    )


def _ui_routes(ui_dir: Path) -> str:
    """Routes answering the web dashboard's files, with its security headers."""
    return "".join(
        _DOCS_ROUTE % (path, json.dumps(str(file)), content_type, _UI_HEADERS)
        for path, (file, content_type) in ui_files.ui_routes(ui_dir).items()
    )


def _errors_lua(descriptor: Path) -> str:
    source = (GATEWAY_DIR / "errors.lua").read_text()
    return source.replace("--@ROUTES@--", rest_methods.lua_table_entries(descriptor))


def _credentials_lua(descriptor: Path, public_methods: Sequence[str], ui_dir: Path) -> str:
    source = (GATEWAY_DIR / "credentials.lua").read_text()
    entries = lua_table_entries(
        [*public_paths(descriptor, public_methods), *DOCS_FILES, *ui_files.ui_routes(ui_dir)]
    )
    return source.replace("--@PUBLIC@--", entries)


def render(
    *,
    listen: str,
    upstream: str,
    ws_upstream: str,
    admin_port: int,
    request_timeout: int,
    max_body: int,
    descriptor: Path = GATEWAY_DIR / "casgate.pb",
    public_methods: Sequence[str] = (),
    gateway_secret: str = "",
    max_heap_mb: int = 512,
    admin: bool = True,
    swagger_ui: Path = SWAGGER_UI,
    ui_dir: Path = UI_DIR,
    cors_origins: Sequence[str] = (),
) -> str:
    """The Envoy YAML for these settings. ``public_methods`` (``/pkg.Service/Method``) may be
    called without credentials; every other request without them is refused before its body
    is read. ``gateway_secret`` rides on every upstream request (``x-casgate-gateway``) so the
    server can tell the gateway from a direct caller. ``cors_origins`` may call from a
    browser page (``*``: any origin)."""
    listen_host, listen_port = _host_port(listen)
    upstream_host, upstream_port = _host_port(upstream)
    ws_host, ws_port = _host_port(ws_upstream)
    routes = read_routes(descriptor)
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
        admin=_admin(admin, admin_port),
        request_timeout=request_timeout,
        max_body=max_body,
        descriptor=descriptor,
        errors_lua=json.dumps(_errors_lua(descriptor)),
        docs_routes=_docs_routes(swagger_ui) + _ui_routes(ui_dir),
        credentials_lua=json.dumps(_credentials_lua(descriptor, public_methods, ui_dir)),
        cors_policy=_cors_policy(cors_origins),
        gateway_secret=json.dumps(gateway_secret),
        max_heap_bytes=max_heap_mb * 1024 * 1024,
        stream_buffer=STREAM_BUFFER_BYTES,
        services=", ".join(routes.json_services),
        upload_services=", ".join(routes.upload_services),
        stream_services=", ".join(routes.stream_services),
        stream_regex=routes.stream_regex,
        grpc_stream_routes="".join(
            _STREAM_ROUTE % (path, STREAM_BUFFER_BYTES) for path in routes.stream_methods
        ),
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
    parser.add_argument(
        "--public-method", action="append", default=[], help="/pkg.Service/Method, repeatable"
    )
    parser.add_argument("--max-heap-mb", type=int, default=512, help="Envoy heap limit, MiB")
    parser.add_argument("--no-admin", action="store_true", help="no admin listener")
    parser.add_argument(
        "--cors-origin", action="append", default=[], help="allowed browser origin, repeatable"
    )
    parser.add_argument(
        "--secret-stdin", action="store_true", help="read the secret sent upstream from stdin"
    )
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
            public_methods=args.public_method,
            gateway_secret=sys.stdin.read().strip() if args.secret_stdin else "",
            max_heap_mb=args.max_heap_mb,
            admin=not args.no_admin,
            cors_origins=args.cors_origin,
        )
    )
    args.out.chmod(0o600)  # it holds the gateway secret


if __name__ == "__main__":
    main()
