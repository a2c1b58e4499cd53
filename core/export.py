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


HOLDING_COLUMNS = [
    "source", "account", "amc", "folio_number", "class", "name", "isin", "units", "price",
    "value", "cost",
]  # fmt: skip


def _holding_rows(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for folio in statement.get("mutual_funds") or []:
        for scheme in folio.get("schemes") or []:
            yield {
                "source": "mutual_fund",
                "account": folio.get("folio_number"),
                "amc": folio.get("amc"),
                "folio_number": folio.get("folio_number"),
                "class": scheme.get("type"),
                "name": scheme.get("name"),
                "isin": scheme.get("isin"),
                "units": scheme.get("units"),
                "price": scheme.get("nav"),
                "value": scheme.get("value"),
                "cost": scheme.get("cost"),
            }
    for account in statement.get("demat_accounts") or []:
        number = f"{account.get('dp_id') or ''}{account.get('client_id') or ''}"
        for holding_class, holdings in (account.get("holdings") or {}).items():
            for holding in holdings or []:
                info = holding.get("additional_info") or {}
                yield {
                    "source": f"demat:{number}",
                    "account": number,
                    "class": holding_class,
                    "name": holding.get("name"),
                    "isin": holding.get("isin"),
                    "units": holding.get("units"),
                    "price": info.get("price"),
                    "value": holding.get("value"),
                }


def holdings_csv(statement: dict[str, Any]) -> str:
    """Every holding of the statement, one CSV row each: mutual-fund schemes by folio and
    demat holdings by account and class (equities, bonds, ...), with units and value."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HOLDING_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in _holding_rows(statement):
        writer.writerow(row)
    return out.getvalue()
