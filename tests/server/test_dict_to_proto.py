"""The fast dict → message walker answers exactly what ``json_format.ParseDict`` answers: the same
message for every shape core sends (statements of every family, a contract note, maps, well-known
types), and ParseDict's own error for a dict it cannot take."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from google.protobuf import json_format
from google.protobuf.message import Message

from casgate.v1 import contract_note_pb2, history_pb2, statement_pb2
from core.contract_notes import read_contract_note
from core.models.unified import UnifiedResponse
from core.parse import parse_statement
from server.servicers import dict_to_proto
from tests.statements import generate
from tests.statements.contract_note_render import generate as generate_note
from tests.statements.ecas import generate_ecas


def _same(data: dict[str, Any], make: type[Message]) -> Message:
    expected = json_format.ParseDict(data, make())
    got = dict_to_proto.parse_dict(data, make())
    assert got.SerializeToString(deterministic=True) == expected.SerializeToString(
        deterministic=True
    )
    return got


@cache
def _statements() -> list[dict[str, Any]]:
    out = [
        parse_statement(g.pdf, g.password).to_dict()
        for g in (
            generate(issuer="CAMS", variant="DETAILED", seed=11, pages=3),
            generate(issuer="KFINTECH", variant="SUMMARY", seed=12),
            generate_ecas(depository="NSDL", seed=13),
            generate_ecas(depository="CDSL", seed=14),
        )
    ]
    return out


@pytest.mark.parametrize("index", range(4))
def test_statements_walk_without_falling_back(index: int) -> None:
    data = _statements()[index]
    # the walker itself takes every field of a statement (Timestamp and Struct through ParseDict)
    dict_to_proto._fill(statement_pb2.UnifiedResponse(), data)
    _same(data, statement_pb2.UnifiedResponse)


@pytest.mark.parametrize("index", range(4))
def test_a_statement_dump_is_a_fixed_point(index: int) -> None:
    # the parse servicer prints the engine's dump as it is, without validating it into the
    # model and dumping it again: the same dict must come back
    data = _statements()[index]
    assert UnifiedResponse.model_validate(data).to_dict() == data


def test_a_contract_note_and_maps() -> None:
    pdf, note = generate_note("groww", 3)
    body = read_contract_note(pdf, note.pan, None).model_dump(mode="json", exclude_none=True)
    _same(body, contract_note_pb2.ContractNote)
    stats = {"documents": 3, "by_type": {"CDSL": 2, "NSDL": 1}, "success_rate": 1}
    message = _same(stats, history_pb2.GetStatsResponse)
    assert dict(message.by_type) == {"CDSL": 2, "NSDL": 1}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "data",
    [
        {"meta": {"pages": "x"}},
        {"unknown_field": 1},
        {"meta": {"pages": 1.5}},
        {"warnings": ["a", 3]},
        {"meta": {"generated_at": "yesterday"}},
    ],
)
def test_what_parsedict_refuses_is_refused_the_same_way(data: dict[str, Any]) -> None:
    with pytest.raises(json_format.ParseError) as expected:
        json_format.ParseDict(data, statement_pb2.UnifiedResponse())
    with pytest.raises(json_format.ParseError) as got:
        dict_to_proto.parse_dict(data, statement_pb2.UnifiedResponse())
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize(
    "data",
    [
        {"meta": {"pages": 3.0}},  # an integral float for an int field
        {"meta": {"complete": None}},  # null
        {"investor": {}},  # an empty message is present
        {"summary": {"totalValue": 5}},  # the JSON (camelCase) name
    ],
)
def test_edge_cases_match_parsedict(data: dict[str, Any]) -> None:
    _same(data, statement_pb2.UnifiedResponse)
