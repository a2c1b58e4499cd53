"""The allow-list of ``redirect_uri``s (no open redirects) and the redirect back to one."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.errors import BadRequest
from core.settings import Settings


def _origin_path(url: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise BadRequest("redirect_uri has an invalid port.") from None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port, parts.path or "/"


def check_redirect(redirect_uri: str, settings: Settings) -> str:
    """``redirect_uri`` when an entry of ``settings.inbox_redirect_allowlist`` allows it: same
    scheme, host, port and path, or a path under an entry ending in ``/``. ``BadRequest``
    otherwise (and always for a URI with user info or a fragment)."""
    parts = urlsplit(redirect_uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest("redirect_uri must be an http or https URL.")
    if parts.username is not None or parts.fragment:
        raise BadRequest("redirect_uri must not carry user info or a fragment.")
    scheme, host, port, path = _origin_path(redirect_uri)
    for entry in filter(None, (e.strip() for e in settings.inbox_redirect_allowlist.split(","))):
        e_scheme, e_host, e_port, e_path = _origin_path(entry)
        if (scheme, host, port) != (e_scheme, e_host, e_port):
            continue
        if path == e_path or (e_path.endswith("/") and path.startswith(e_path)):
            return redirect_uri
    raise BadRequest(
        "redirect_uri is not on this server's allow-list (CASGATE_INBOX_REDIRECT_ALLOWLIST)."
    )


def with_query(url: str, values: dict[str, str]) -> str:
    """``url`` with ``values`` added to its query (existing parameters kept)."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *values.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))
