"""The server's own JSON printer follows the transcoder's rules (the byte-for-byte comparison
with Envoy's SSE lines is in ``tests/gateway/test_batch_e2e.py``)."""

from __future__ import annotations

import json
import re

from google.protobuf import json_format
from google.protobuf.message import Message

from casgate.v1 import batch_pb2, history_pb2, parse_pb2, statement_pb2
from core.parse import parse_statement
from server.json_print import _dump, _in_field_order, transcoder_json
from server.servicers.convert import to_message
from tests.statements import generate


def test_fields_in_declaration_order_with_defaults_and_without_unset_optionals() -> None:
    event = batch_pb2.WatchBatchResponse(job_id="job_1", type="completed", summary="done")
    printed = json.loads(transcoder_json(event))
    declared = [f.name for f in event.DESCRIPTOR.fields]
    assert list(printed) == [n for n in declared if n in printed]
    assert {"seq", "done", "percent"} <= printed.keys()  # defaults are printed
    assert "source" not in printed and printed["summary"] == "done"  # optionals only when set
    assert "at" not in printed  # a message field (a Timestamp) only when set, as Envoy does


def test_instants_print_as_rfc_3339_in_utc() -> None:
    event = batch_pb2.WatchBatchResponse(job_id="job_1")
    event.at.FromJsonString("2026-12-01T04:18:53Z")
    assert re.search(r',"at":"2026-12-01T04:18:53Z"[,}]', transcoder_json(event))


def test_doubles_print_as_c_prints_them() -> None:
    for value, text in [(100.0, "100"), (12.5, "12.5"), (0.1, "0.1"), (1e20, "1e+20")]:
        printed = transcoder_json(batch_pb2.WatchBatchResponse(percent=value))
        assert re.search(f'"percent":{re.escape(text)}[,}}]', printed)  # printed as it stands
        assert json.loads(printed)["percent"] == value


def test_nested_messages_and_maps_are_printed_compactly() -> None:
    stats = history_pb2.GetStatsResponse(by_type={"NSDL": 2}, success_rate=1.0)
    printed = transcoder_json(stats)
    assert " " not in printed
    assert json.loads(printed)["by_type"] == {"NSDL": 2} and '"success_rate":1,' in printed


def _by_message_to_dict(message: Message) -> str:
    """The transcoder's print reached the long way: protobuf's own ``MessageToDict`` (with the
    transcoder's options), keys in declaration order, then printed value by value."""
    data = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return _dump(_in_field_order(message.DESCRIPTOR, data))


def test_a_parsed_statement_prints_as_message_to_dict_gives_it() -> None:
    g = generate(issuer="CAMS", variant="DETAILED", seed=7, pages=3)
    statement = parse_statement(g.pdf, g.password)
    message = to_message(statement, statement_pb2.UnifiedResponse())
    message.warnings.append('a "quoted" ₹ warning\n')
    message.meta.generated_at.FromJsonString("2026-12-01T04:18:53Z")
    printed = transcoder_json(message)
    assert printed == _by_message_to_dict(message)
    assert json.loads(printed)["mutual_funds"]  # the statement's folios are in it


def test_every_kind_of_field_prints_as_message_to_dict_gives_it() -> None:
    messages: list[Message] = [
        history_pb2.GetStatsResponse(by_type={"NSDL": 2}, success_rate=1 / 3),
        history_pb2.GetStatsResponse(mean_processing_ms=float("nan"), pages=-3),
        batch_pb2.WatchBatchResponse(percent=float("-inf"), summary="done"),
        batch_pb2.WatchBatchResponse(percent=1e15, job_id="é"),
        batch_pb2.WatchBatchResponse(percent=-0.0),
        parse_pb2.PreviewDocumentResponse(url="u", pages=2),
    ]
    preview = parse_pb2.PreviewDocumentResponse(url="u")
    preview.metadata.update({"Title": "A", "n": 1.5, "list": [1, "x", None]})
    messages.append(preview)
    for message in messages:
        assert transcoder_json(message) == _by_message_to_dict(message)
