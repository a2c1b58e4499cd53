"""Flat exports of a parsed statement, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

TRANSACTION_COLUMNS = [
    "source", "amc", "folio_number", "scheme", "isin", "date", "description", "type",
    "amount", "units", "nav", "balance",
]  # fmt: skip


def _rows(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for folio in statement.get("mutual_funds") or []:
        for scheme in folio.get("schemes") or []:
            base = {
                "source": "mutual_fund",
                "amc": folio.get("amc"),
                "folio_number": folio.get("folio_number"),
                "scheme": scheme.get("name"),
                "isin": scheme.get("isin"),
            }
            for txn in scheme.get("transactions") or []:
                yield {**base, **{k: txn.get(k) for k in TRANSACTION_COLUMNS[5:]}}
    for account in statement.get("demat_accounts") or []:
        for holdings in (account.get("holdings") or {}).values():
            for holding in holdings or []:
                base = {
                    "source": f"demat:{account.get('dp_id', '')}{account.get('client_id', '')}",
                    "scheme": holding.get("name"),
                    "isin": holding.get("isin"),
                }
                for txn in holding.get("transactions") or []:
                    yield {**base, **{k: txn.get(k) for k in TRANSACTION_COLUMNS[5:]}}


def transactions_csv(statement: dict[str, Any]) -> str:
    """Every transaction of the statement, one CSV row each, with its folio and scheme."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRANSACTION_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in _rows(statement):
        writer.writerow(row)
    return out.getvalue()


TRADE_COLUMNS = [
    "trade_date", "segment", "exchange", "order_number", "order_time", "trade_number",
    "trade_time", "security_description", "isin", "buy_sell", "quantity", "trade_price",
    "brokerage", "net_rate_per_unit", "net_total",
]  # fmt: skip


def trades_csv(note: dict[str, Any]) -> str:
    """Every trade of a contract note (its JSON dict), one CSV row each, with its trade date."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRADE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for trade in note.get("detailed_trades") or []:
        writer.writerow(trade)
    return out.getvalue()
