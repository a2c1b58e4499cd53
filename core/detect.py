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
# Each depository's eCAS lists the other's accounts (and may name the other depository), so
# markers only one of them prints are counted, and a bare depository name counts least.
_NSDL_MARKERS = (
    re.compile(r"NSDL\s+Consolidated\s+Account\s+Statement", re.I),
    re.compile(r"About\s+NSDL", re.I),
    re.compile(r"\bNSDL\s+ID\s*:", re.I),
    re.compile(r"period\s+from\s+\d{2}-[A-Za-z]{3}-\d{4}\s+to\s+\d{2}-[A-Za-z]{3}-\d{4}", re.I),
)
_CDSL_MARKERS = (
    re.compile(r"Central\s+Depository\s+Services\s*\(India\)\s+Limited", re.I),
    re.compile(r"\bCAS\s+ID\s*:", re.I),
    # CDSL prints its period DD-MM-YYYY; NSDL DD-Mon-YYYY
    re.compile(r"PERIOD\s+FROM\s+\d{2}-\d{2}-\d{4}\s+TO\s+\d{2}-\d{2}-\d{4}", re.I),
)
_NSDL_WEAK = re.compile(r"National\s+Securities\s+Depository", re.I)
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


def _depository(text: str, metadata: dict[str, str]) -> Detection | None:
    """NSDL or CDSL eCAS: the PDF's Title/Author first, then markers only one of them prints."""
    title = metadata.get("Title", "")
    author = metadata.get("Author", "").strip().upper()
    nsdl = Detection(StatementKind.NSDL, Issuer.NSDL, None, 0.95, False)
    cdsl = Detection(StatementKind.CDSL, Issuer.CDSL, None, 0.95, False)
    if "Central Depository" in title or author == "CDSL":
        return cdsl
    if title.startswith("NSDL") or "National Securities Depository" in title or author == "NSDL":
        return nsdl
    nsdl_hits = sum(1 for p in _NSDL_MARKERS if p.search(text))
    cdsl_hits = sum(1 for p in _CDSL_MARKERS if p.search(text))
    if cdsl_hits > nsdl_hits:
        return cdsl
    if nsdl_hits or _NSDL_WEAK.search(text):
        return nsdl
    return None


def detect_text(text: str, metadata: dict[str, str] | None = None) -> Detection:
    """Classify from the first pages' text (and document metadata)."""
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
    depository = _depository(text, metadata or {})
    if depository is not None:
        return depository
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
