"""The unified model's types: money, units and prices are ``Decimal`` inside and plain JSON numbers
at the edge (printed by the proto exactly as the float of the printed digits); closed vocabularies
are enum members inside and their values in the JSON."""

from __future__ import annotations

import json
from decimal import Decimal as D
from typing import Any

import pytest
from google.protobuf import json_format
from pydantic import ValidationError

from casgate.v1 import statement_pb2
from core.models import (
    CasType,
    Detection,
    Gain,
    Meta,
    MutualFundFolio,
    Scheme,
    StatementKind,
    Summary,
    Transaction,
    TransactionType,
    UnifiedResponse,
)


def response(*values: str) -> UnifiedResponse:
    schemes = [Scheme(units=D("1.000"), value=D(v)) for v in values]
    return UnifiedResponse(mutual_funds=[MutualFundFolio(schemes=schemes)])


def test_the_model_keeps_the_printed_digits() -> None:
    scheme = Scheme(value=D("100000.50"), units=D("12.5000"))
    assert isinstance(scheme.value, D)
    assert str(scheme.units) == "12.5000"


def test_sums_of_the_model_are_exact() -> None:
    folio = MutualFundFolio(schemes=[Scheme(value=D("0.10")) for _ in range(3)])
    total = sum((s.value or D(0) for s in folio.schemes or []), D(0))
    assert total == D("0.30")  # 0.1 + 0.1 + 0.1 in floats is 0.30000000000000004


def test_the_json_dump_has_numbers_not_strings() -> None:
    dumped: Any = response("1234.50").to_dict()
    scheme = dumped["mutual_funds"][0]["schemes"][0]
    assert scheme == {"units": 1.0, "value": 1234.5}
    assert all(type(v) is float for v in scheme.values())  # not "1234.50" strings


def test_the_python_dump_stays_decimal() -> None:
    dumped: Any = response("0.10").model_dump(exclude_none=True)
    assert dumped["mutual_funds"][0]["schemes"][0]["value"] == D("0.10")


@pytest.mark.parametrize(
    "printed", ["0.1", "1234567.89", "99999999999.99", "0.0001", "-250.125", "100.50"]
)
def test_the_proto_prints_the_same_number_as_the_float_of_the_digits(printed: str) -> None:
    message = json_format.ParseDict(response(printed).to_dict(), statement_pb2.UnifiedResponse())
    assert message.mutual_funds[0].schemes[0].value == float(D(printed))
    shown = json.loads(json_format.MessageToJson(message, preserving_proto_field_name=True))
    assert shown["mutual_funds"][0]["schemes"][0]["value"] == float(printed)


def test_a_dump_loads_back_into_the_same_decimals() -> None:
    original = UnifiedResponse(
        summary=Summary(total_value=D("165.30")),
        mutual_funds=[MutualFundFolio(schemes=[Scheme(gain=Gain(absolute=D("-0.05")))])],
    )
    loaded = UnifiedResponse.model_validate(original.to_dict())
    assert loaded.summary is not None and loaded.summary.total_value == D("165.30")
    assert loaded.to_dict() == original.to_dict()


def test_vocabularies_are_members_inside_and_values_in_the_json() -> None:
    meta = Meta(cas_type="NSDL", detection=Detection(kind=StatementKind.NSDL, variant=None))
    assert meta.cas_type is CasType.NSDL
    assert meta.detection is not None and meta.detection.kind is StatementKind.NSDL
    dumped: Any = UnifiedResponse(meta=meta).to_dict()
    assert dumped["meta"] == {"cas_type": "NSDL", "detection": {"kind": "NSDL"}}
    assert type(dumped["meta"]["cas_type"]) is str


def test_a_value_outside_a_vocabulary_is_refused() -> None:
    with pytest.raises(ValidationError):
        Transaction(type="BUY")
    assert Transaction(type="PURCHASE").type is TransactionType.PURCHASE
