"""The document type: a statement family by the statement engine's detector, else an invoice,
a bank statement or a generic document by the words they print."""

from __future__ import annotations

import re

from core.detect import Detection
from core.models import StatementKind

#: the result's ``document_type`` of each detected family, and its ``cas_type``
FAMILIES: dict[StatementKind, tuple[str, str | None]] = {
    StatementKind.CAMS_KFINTECH: ("cams_kfintech", "CAMS_KFINTECH"),
    StatementKind.NSDL: ("nsdl", "NSDL"),
    StatementKind.CDSL: ("cdsl", "CDSL"),
    StatementKind.CONTRACT_NOTE: ("contract_note", None),
}
_INVOICE = re.compile(r"\b(?:tax\s+)?invoice\b", re.I)
_INVOICE_SUPPORT = re.compile(
    r"invoice\s*(?:no|number|#|date)|\bGSTIN\b|bill(?:ed)?\s+to|\bHSN\b|place\s+of\s+supply", re.I
)
_BANK_TITLE = re.compile(r"statement\s+of\s+account|account\s+statement|bank\s+statement", re.I)
_BANK_WORDS = (
    re.compile(r"opening\s+balance", re.I),
    re.compile(r"closing\s+balance", re.I),
    re.compile(r"\bIFSC\b", re.I),
    re.compile(r"\b(?:withdrawals?|debits?)\b", re.I),
    re.compile(r"\b(?:deposits?|credits?)\b", re.I),
)


def document_type(text: str, detection: Detection) -> tuple[str, str | None]:
    """(document_type, cas_type) of a document whose first pages read ``text``."""
    family = FAMILIES.get(detection.kind)
    if family is not None:
        return family
    bank_hits = sum(1 for pattern in _BANK_WORDS if pattern.search(text))
    if (_BANK_TITLE.search(text) and bank_hits >= 2) or bank_hits >= 4:
        return "bank_statement", None
    if _INVOICE.search(text) and _INVOICE_SUPPORT.search(text):
        return "invoice", None
    return "generic", None
