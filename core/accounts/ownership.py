"""Rows that belong to an account are only ever visible to that account.

Another account's row is reported exactly like a missing one (``NotFound``, never
``Forbidden``), so ids of other accounts' resources cannot even be confirmed to exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from core.accounts.models import AccountOwned
from core.accounts.principal import Principal
from core.errors import NotFound

OwnedT = TypeVar("OwnedT", bound=AccountOwned)


def get_owned(
    session: Session, model: type[OwnedT], row_id: Any, principal: Principal, *, label: str = ""
) -> OwnedT:
    """The row ``row_id`` of ``model`` if the principal's account owns it, else ``NotFound``
    (``"<label> not found"``, the label defaulting to the model's name)."""
    row = session.get(model, row_id) if row_id not in (None, "") else None
    if row is None or principal.account_id is None or row.account_id != principal.account_id:
        raise NotFound(f"{label or model.__name__} not found")
    return row


def owned_select(model: type[OwnedT], principal: Principal) -> SelectOfScalar[OwnedT]:
    """``SELECT`` of the principal's rows of ``model``; add filters, ordering and paging."""
    query = select(model)
    if principal.account_id is None:
        return query.where(False)
    return query.where(col(model.account_id) == principal.account_id)
