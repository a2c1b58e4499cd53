"""The server's own JSON printer follows the transcoder's rules (the byte-for-byte comparison
with Envoy's SSE lines is in ``tests/gateway/test_batch_e2e.py``)."""

from __future__ import annotations

import json
import re

from casgate.v1 import batch_pb2, history_pb2
from server.json_print import transcoder_json


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
