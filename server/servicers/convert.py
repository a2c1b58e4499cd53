"""core → proto: a view becomes its response message in one call.

Core answers with :class:`core.views.View` records named field for field like the messages; a
``None`` field is left unset. An unknown field raises: core and contract must not drift apart
(``tests/test_contract.py`` compares every pair before anything runs).
"""

from __future__ import annotations

from typing import Any, TypeVar

from google.protobuf.message import Message
from pydantic import BaseModel

from .dict_to_proto import parse_dict

M = TypeVar("M", bound=Message)

#: the ``status`` of the REST success envelope, ``{"status": "success", …}``
SUCCESS = "success"


def to_message(view: BaseModel, message: M) -> M:
    """Fill ``message`` from ``view``'s fields (``None`` leaves a field unset)."""
    parse_dict(view.model_dump(mode="json", exclude_none=True), message)
    return message


def succeeded(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` in the REST success envelope: the one place that envelope is built."""
    return {"status": SUCCESS, **fields}


def to_success(view: BaseModel, message: M) -> M:
    """``message`` filled from ``view`` inside the success envelope (``status: success``)."""
    parse_dict(succeeded(view.model_dump(mode="json", exclude_none=True)), message)
    return message
