"""The multipart twins come from one table that covers UploadService exactly."""

from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor

from server.servicers.upload import TWINS, UPLOAD_SERVICE, twin_method, twin_of


def test_the_table_covers_every_upload_method() -> None:
    assert set(TWINS) == set(UPLOAD_SERVICE.methods_by_name)


def test_every_twin_binds_the_same_rest_path() -> None:
    from google.api import annotations_pb2

    for upload in UPLOAD_SERVICE.methods:
        twin = twin_method(upload.name)
        mine = upload.GetOptions().Extensions[annotations_pb2.http]
        theirs = twin.GetOptions().Extensions[annotations_pb2.http]
        assert (mine.post, mine.body) == (theirs.post, "http_body"), upload.name
        assert theirs.body == "*"


def test_twins_are_found_in_their_own_services() -> None:
    assert twin_of("UploadSmartParse") == "ParseService/SmartParse"
    assert twin_of("UploadStartBatch") == "BatchService/StartBatch"


def test_each_upload_carries_a_raw_body_and_answers_one() -> None:
    for upload in UPLOAD_SERVICE.methods:
        (request_field,) = upload.input_type.fields
        (response_field,) = upload.output_type.fields
        for field in (request_field, response_field):
            assert field.type == FieldDescriptor.TYPE_MESSAGE
            assert field.message_type.full_name == "google.api.HttpBody"
