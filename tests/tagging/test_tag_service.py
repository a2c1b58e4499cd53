"""TagService over the real grpc.aio server in process: each RPC, its errors with their REST
statuses, and history's tag filter and counts; another account's tags and documents are 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import (
    history_pb2,
    history_pb2_grpc,
    status_pb2,
    status_pb2_grpc,
    tag_pb2,
    tag_pb2_grpc,
)
from clients._errors import api_error
from core.accounts import create_key
from core.tagging.training import wait_for_training
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.tagging.corpus import document
from tests.tagging.helpers import store


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("tags"))
    yield running
    wait_for_training()
    running.stop()


def _status(call: object, request: object, key: str) -> int:
    try:
        call(request, metadata=(("x-api-key", key),))  # type: ignore[operator]
    except grpc.RpcError as error:
        return api_error(error).status
    return 200


def test_tags_over_grpc(server: ServerThread, tmp_path: Path) -> None:
    info, key = create_key("tags", 10, settings=server.settings)
    _, other_key = create_key("other", 10, settings=server.settings)
    mine = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        tags = tag_pb2_grpc.TagServiceStub(channel)
        history = history_pb2_grpc.HistoryServiceStub(channel)
        bank = tags.CreateTag(
            tag_pb2.CreateTagRequest(name="bank", match_algorithm="any", match="bank"),
            metadata=mine,
        )
        assert (bank.name, bank.match_algorithm, bank.auto_assign) == ("bank", "any", True)
        assert bank.created_at.seconds > 0
        manual = tags.CreateTag(
            tag_pb2.CreateTagRequest(name="keep", auto_assign=False), metadata=mine
        )
        assert not manual.auto_assign
        changed = tags.UpdateTag(
            tag_pb2.UpdateTagRequest(tag_id=bank.id, case_sensitive=True), metadata=mine
        )
        assert (changed.match, changed.case_sensitive) == ("bank", True)  # the rest kept
        listed = tags.ListTags(tag_pb2.ListTagsRequest(), metadata=mine)
        assert [t.name for t in listed.tags] == ["bank", "keep"]

        assert _status(tags.CreateTag, tag_pb2.CreateTagRequest(name="bank"), key) == 409
        bad = tag_pb2.CreateTagRequest(name="x", match_algorithm="regex", match="(")
        assert _status(tags.CreateTag, bad, key) == 400
        assert _status(tags.ListTags, tag_pb2.ListTagsRequest(), "wrong-key") == 401
        theirs = tag_pb2.UpdateTagRequest(tag_id=bank.id, name="mine now")
        assert _status(tags.UpdateTag, theirs, other_key) == 404
        assert _status(tags.DeleteTag, tag_pb2.DeleteTagRequest(tag_id=bank.id), other_key) == 404

        doc_id = store(server.settings, info.account_id, document(1))
        tagged = tags.SetDocumentTags(
            tag_pb2.SetDocumentTagsRequest(document_id=doc_id, tags=["bank", "keep"]),
            metadata=mine,
        )
        assert [(t.name, t.source, t.confirmed) for t in tagged.tags] == [
            ("bank", "user", True), ("keep", "user", True),
        ]  # fmt: skip
        other_doc = tag_pb2.SetDocumentTagsRequest(document_id=doc_id, tags=[])
        assert _status(tags.SetDocumentTags, other_doc, other_key) == 404

        found = history.ListDocuments(history_pb2.ListDocumentsRequest(tag="keep"), metadata=mine)
        assert [d.id for d in found.documents] == [doc_id]
        assert list(found.documents[0].tags) == ["bank", "keep"]
        stats = history.GetStats(history_pb2.GetStatsRequest(), metadata=mine)
        assert dict(stats.by_tag) == {"bank": 1, "keep": 1}

        deleted = tags.DeleteTag(tag_pb2.DeleteTagRequest(tag_id=manual.id), metadata=mine)
        assert deleted.status == "success"
        document_now = history.GetDocument(
            history_pb2.GetDocumentRequest(document_id=doc_id), metadata=mine
        )
        assert list(document_now.tags) == ["bank"]

        health = status_pb2_grpc.StatusServiceStub(channel).GetHealth(status_pb2.GetHealthRequest())
        details = {d.name: (d.status, d.detail) for d in health.dependencies}
        assert details["llm_tagger"] == ("ok", "off: no CASGATE_OPENROUTER_API_KEY")
        assert details["tag_classifier"][1].startswith("trained for 0 of ")
