"""Which broker issued a contract note: its SEBI registration number or name, from the content."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import BadRequest
from core.pdf.geometry import Line

#: the published client's broker types, by SEBI registration number and names on their notes
KNOWN: dict[str, tuple[str, re.Pattern[str]]] = {
    "zerodha": ("INZ000031633", re.compile(r"\bZerodha\b", re.I)),
    "groww": ("INZ000301838", re.compile(r"\bGroww\b|Nextbillion\s+Technology", re.I)),
    "upstox": ("INZ000315837", re.compile(r"\bUpstox\b|RKSV\s+Securities", re.I)),
    "icici": ("INZ000183631", re.compile(r"ICICI\s+Securities|\bICICIdirect\b", re.I)),
}
_REGISTRATION = re.compile(r"\bIN[ZB]\d{9}\b")
_COMPANY = re.compile(r"\b(Limited|Ltd\.?|Private|Pvt\.?|LLP)\b", re.I)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Broker:
    broker_type: str  # a published broker type, or "unknown" for another SEBI-format note
    name: str | None
    sebi_registration: str | None
    confidence: float


def _name(lines: list[Line]) -> str | None:
    """The issuer's name: the first line near the top that reads like a company's name."""
    for line in lines[:6]:
        if _COMPANY.search(line.text):
            return line.text.strip()
    return None


def detect_broker(lines: list[Line]) -> Broker:
    """The broker of a note from its first page's lines."""
    text = "\n".join(line.text for line in lines)
    registration = _REGISTRATION.search(text)
    number = registration.group(0) if registration else None
    for key, (sebi, pattern) in KNOWN.items():
        if number == sebi or (number is None and pattern.search(text)):
            return Broker(key, _name(lines), sebi, 0.97 if number == sebi else 0.8)
    return Broker(UNKNOWN, _name(lines), number, 0.6 if number else 0.4)


def check_hint(broker: Broker, hint: str | None) -> None:
    """A caller's ``broker_type`` must be what the note says (a 400 naming what was found)."""
    if not hint or hint == broker.broker_type:
        return
    if hint not in KNOWN:
        raise BadRequest(f"broker_type must be one of {', '.join(KNOWN)}, not {hint!r}")
    found = broker.name or "an unrecognised broker"
    raise BadRequest(
        f"broker_type is {hint!r}, but this contract note is from {found} "
        f"(broker_type {broker.broker_type!r})."
    )
