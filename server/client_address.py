"""Who is calling, by network address: the hop the gateway appended to ``x-forwarded-for``,
trusted only when the call carries the gateway's secret (``x-casgate-gateway``); anyone else
connecting to the server's ports directly is known by the connection's own peer address, so a
forged header cannot pose as another client (and reset a per-client limit)."""

from __future__ import annotations

import hmac

GATEWAY_HEADER = "x-casgate-gateway"


def from_gateway(metadata: dict[str, str], secret: str) -> bool:
    """Whether the call carries the gateway's secret."""
    sent = metadata.get(GATEWAY_HEADER, "")
    return bool(secret) and hmac.compare_digest(sent.encode(), secret.encode())


def peer_host(peer: str) -> str:
    """The host of a gRPC peer, without the connection's port (a new connection has a new
    port, so with it every connection would count as a new client):
    ``ipv4:127.0.0.1:5123`` → ``127.0.0.1``, ``ipv6:[::1]:5123`` → ``::1``."""
    _, _, address = peer.partition(":")
    host = address.rsplit(":", 1)[0] if ":" in address else address
    return host.strip("[]") or peer


def client_address(metadata: dict[str, str], peer_address: str, secret: str) -> str:
    """The caller's address: the gateway's last forwarded hop when the call came through the
    gateway, else ``peer_address`` (the connection's host)."""
    forwarded = metadata.get("x-forwarded-for", "")
    if forwarded and from_gateway(metadata, secret):
        return forwarded.rsplit(",", 1)[-1].strip()
    return peer_address
