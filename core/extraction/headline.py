"""The headline fields of a parsed statement or contract note, by the existing parsers: who,
which period, how much. Named with dots (``investor.pan``) so that they read like the models."""

from __future__ import annotations

import logging
from typing import Any

from core.contract_notes import parse_note_document
from core.detect import Detection
from core.errors import CasgateError
from core.models import StatementKind
from core.parse import parse_document
from core.pdf import Document

log = logging.getLogger(__name__)

_STATEMENT_PATHS: dict[str, tuple[str, ...]] = {
    "investor.name": ("investor", "name"),
    "investor.pan": ("investor", "pan"),
    "investor.email": ("investor", "email"),
    "investor.mobile": ("investor", "mobile"),
    "investor.cas_id": ("investor", "cas_id"),
    "statement_period.from": ("meta", "statement_period", "from"),
    "statement_period.to": ("meta", "statement_period", "to"),
    "total_value": ("summary", "total_value"),
}
_NOTE_PATHS: dict[str, tuple[str, ...]] = {
    "contract_note.number": ("contract_note_info", "contract_note_number"),
    "contract_note.trade_date": ("contract_note_info", "trade_date"),
    "contract_note.settlement_date": ("contract_note_info", "settlement_date"),
    "broker.name": ("broker_info", "name"),
    "broker.type": ("broker_info", "broker_type"),
    "client.name": ("client_info", "name"),
    "client.pan": ("client_info", "pan"),
    "client.ucc": ("client_info", "ucc"),
    "net_amount": ("charges_summary", "net_amount_receivable_payable"),
}
_DATES = {"statement_period.from", "statement_period.to", "contract_note.trade_date",
          "contract_note.settlement_date"}  # fmt: skip


def _dig(body: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = body
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _typed(name: str, value: Any) -> tuple[str, Any]:
    if name in _DATES:
        return "date", value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "amount", float(value)
    if name.endswith(".pan"):
        return "pan", value
    if name.endswith(".email"):
        return "email", value
    if name.endswith(".mobile"):
        return "phone", value
    return "text", value


def _collect(body: dict[str, Any], paths: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    return {name: value for name, path in paths.items() if (value := _dig(body, path)) is not None}


def _statement_counts(body: dict[str, Any]) -> dict[str, Any]:
    folios = body.get("mutual_funds") or []
    demat = body.get("demat_accounts") or []
    return {
        "mutual_funds.count": float(len(folios)),
        "mutual_funds.value": round(sum(float(f.get("value") or 0) for f in folios), 2),
        "demat_accounts.count": float(len(demat)),
    }


def headline_values(document: Document, detection: Detection) -> dict[str, Any]:
    """The parsed model's headline values by field name; none when the parser refuses the
    document or fails on it (extraction still answers its generic fields)."""
    try:
        if detection.kind is StatementKind.CONTRACT_NOTE:
            note = parse_note_document(document, None).model_dump(mode="json")
            return _collect(note, _NOTE_PATHS)
        body = parse_document(document, detection).to_dict()
    except CasgateError as exc:
        log.info("no headline fields: %s", exc.message)
        return {}
    except Exception as exc:  # a parser's bug must not cost the document its generic fields
        log.warning("no headline fields: the parser failed (%s)", type(exc).__name__)
        return {}
    return {**_collect(body, _STATEMENT_PATHS), **_statement_counts(body)}


def headline_fields(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    fields = {}
    for name, value in values.items():
        kind, typed_value = _typed(name, value)
        fields[name] = {
            "value": typed_value,
            "type": kind,
            "raw": str(value),
            "source": "statement",
        }
    return fields
