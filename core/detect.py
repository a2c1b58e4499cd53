"""What kind of statement a document is, from its content, with a confidence.

The registrar's rotated watermark (``CAMSCASWS`` / ``KFINCASWS``) is the strongest signal; a
re-printed copy loses it, so the content itself (headings, folio and scheme lines) still
identifies the family, at a lower confidence, and the result is flagged as re-printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Issuer, StatementKind, StatementVariant
from .pdf import Document

_CAS_HEADING = re.compile(r"consolidated\s+account\s+(statement|summary)", re.I)
_CAMS_CONTENT = (
    re.compile(r"Folio\s*No", re.I),
    re.compile(r"Opening\s+Unit\s+Balance", re.I),
    re.compile(r"Registrar\s*:", re.I),
    re.compile(r"PORTFOLIO\s+SUMMARY", re.I),
    re.compile(r"Scheme\s+Name", re.I),
    re.compile(r"\bISIN\b"),
    re.compile(r"\b(Mutual\s+Fund|NAV)\b"),
)
_KFIN_HINTS = re.compile(
    r"Valuation\s+on|Phone\s+Off\s*:|Closing\s+Unit(?!\s+Balance\s*:)|\bS T P\b", re.I
)
_NSDL = re.compile(
    r"NSDL\s+Consolidated\s+Account\s+Statement|About\s+NSDL|National\s+Securities\s+Depository",
    re.I,
)
_CDSL = re.compile(r"Central\s+Depository\s+Services\s*\(India\)\s+Limited", re.I)
_CONTRACT_NOTE = re.compile(r"contract\s+note", re.I)
_TRADE_WORDS = re.compile(r"trade\s+date|settlement\s+(?:no|date)|brokerage|buy\s*\(b\)", re.I)


@dataclass(frozen=True, slots=True)
class Detection:
    kind: StatementKind
    issuer: Issuer
    variant: StatementVariant | None
    confidence: float
    watermark: bool

    @property
    def reprinted(self) -> bool:
        return self.kind is StatementKind.CAMS_KFINTECH and not self.watermark

    def describe(self) -> str:
        """A human name for messages: ``CAMS detailed statement``, ``NSDL eCAS`` …"""
        if self.kind is StatementKind.CAMS_KFINTECH:
            variant = (self.variant or StatementVariant.DETAILED).value.lower()
            return f"{self.issuer.value} {variant} statement (CAMS_KFINTECH)"
        return {
            StatementKind.NSDL: "NSDL eCAS",
            StatementKind.CDSL: "CDSL eCAS",
            StatementKind.CONTRACT_NOTE: "broker contract note",
        }.get(self.kind, "unrecognised document")


def _variant(text: str) -> StatementVariant | None:
    match = _CAS_HEADING.search(text)
    if not match:
        return None
    return (
        StatementVariant.SUMMARY
        if match.group(1).lower() == "summary"
        else (StatementVariant.DETAILED)
    )


def detect_text(text: str, metadata: dict[str, str] | None = None) -> Detection:
    """Classify from the first pages' text (and document metadata)."""
    meta = " ".join((metadata or {}).values())
    variant = _variant(text)
    for token, issuer in (("CAMSCASWS", Issuer.CAMS), ("KFINCASWS", Issuer.KFINTECH)):
        if token in text:
            return Detection(
                StatementKind.CAMS_KFINTECH,
                issuer,
                variant or StatementVariant.DETAILED,
                0.99 if variant else 0.9,
                True,
            )
    if _NSDL.search(text) or "NSDL" in meta:
        return Detection(StatementKind.NSDL, Issuer.NSDL, None, 0.95, False)
    if _CDSL.search(text) or "Central Depository" in meta:
        return Detection(StatementKind.CDSL, Issuer.CDSL, None, 0.95, False)
    if _CONTRACT_NOTE.search(text) and _TRADE_WORDS.search(text):
        return Detection(StatementKind.CONTRACT_NOTE, Issuer.BROKER, None, 0.85, False)
    hits = sum(1 for pattern in _CAMS_CONTENT if pattern.search(text))
    if variant is not None and hits >= 3:
        issuer = Issuer.KFINTECH if _KFIN_HINTS.search(text) else Issuer.CAMS
        confidence = min(0.85, 0.45 + 0.06 * hits)
        return Detection(StatementKind.CAMS_KFINTECH, issuer, variant, confidence, False)
    return Detection(StatementKind.UNKNOWN, Issuer.UNKNOWN, None, 0.0, False)


def detect(document: Document) -> Detection:
    pages = min(2, document.page_count)
    text = "\n".join(document.text(i) for i in range(pages))
    return detect_text(text, document.metadata)
