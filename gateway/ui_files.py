"""The web dashboard's static files (``ui/``) as gateway routes: REST path → (file, content type).

Envoy answers them itself as direct responses, like the API docs: nothing at run time comes from a
CDN or from the server. The dashboard is a hash-routed single page, so ``/ui`` and ``/ui/`` are its
page and every other file sits at ``/ui/<path inside ui/>``.
"""

from __future__ import annotations

from pathlib import Path

#: what each served file type is; anything else in ui/ (notes, tests) is not served
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
}

#: Envoy refuses a configuration whose direct-response file is larger than the route
#: configuration's max_direct_response_body_size_bytes (envoy.yaml.in sets 8 MiB)
MAX_FILE_BYTES = 8 * 1024 * 1024

#: the page loads its own scripts, styles and images only, calls only its own origin, runs no
#: inline script and cannot be framed (clickjacking)
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

PREFIX = "/ui"


def ui_routes(ui_dir: Path) -> dict[str, tuple[Path, str]]:
    """Every servable file under ``ui_dir`` by its path; empty when the folder is absent."""
    if not (ui_dir / "index.html").is_file():
        return {}
    index = (ui_dir / "index.html").resolve(), CONTENT_TYPES[".html"]
    routes = {PREFIX: index, f"{PREFIX}/": index}
    for file in sorted(ui_dir.rglob("*")):
        content_type = CONTENT_TYPES.get(file.suffix)
        relative = file.relative_to(ui_dir)
        hidden = any(part.startswith(".") for part in relative.parts)
        if content_type is None or hidden or not file.is_file():
            continue
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"{relative} is over Envoy's direct-response limit")
        routes[f"{PREFIX}/{relative.as_posix()}"] = file.resolve(), content_type
    return routes
