"""Who sends statements: the depositories' and registrars' addresses, by CAS type (as the
published API documents them)."""

from __future__ import annotations

from core.errors import BadRequest

SENDERS: dict[str, str] = {
    "cdsl": "ecas@cdslstatement.com",
    "nsdl": "nsdl-cas@nsdl.co.in",
    "cams": "donotreply@camsonline.com",
    "kfintech": "samfs@kfintech.com",
}
CAS_TYPES = tuple(SENDERS)


def check_cas_types(cas_types: list[str], *, field: str = "cas_types") -> list[str]:
    """``cas_types`` lower-cased without repeats (all of them when empty); ``BadRequest`` for
    an unknown one."""
    chosen = []
    for value in cas_types:
        kind = value.strip().lower()
        if kind not in SENDERS:
            raise BadRequest(f"{field}: unknown CAS type {value!r}; use {', '.join(CAS_TYPES)}.")
        if kind not in chosen:
            chosen.append(kind)
    return chosen or list(CAS_TYPES)


def cas_type_of(sender: str) -> str:
    """The CAS type whose address ``sender`` is (case-insensitive), or ``""``."""
    address = sender.strip().lower()
    for kind, known in SENDERS.items():
        if address == known:
            return kind
    return ""
