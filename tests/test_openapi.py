"""The OpenAPI document: generated from the descriptor set, committed, valid, and complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from google.api import annotations_pb2
from google.protobuf import descriptor_pb2
from openapi_spec_validator import validate

from gateway import openapi

ROOT = Path(__file__).resolve().parent.parent


def _document() -> dict:  # type: ignore[type-arg]
    return dict(json.loads(openapi.OUTPUT.read_text()))


def test_the_committed_document_is_fresh() -> None:
    check = subprocess.run(
        [sys.executable, "gateway/openapi.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_document_is_valid_openapi_3_1() -> None:
    document = _document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_rest_binding_is_an_operation() -> None:
    files = descriptor_pb2.FileDescriptorSet.FromString(openapi.DESCRIPTOR.read_bytes()).file
    paths = _document()["paths"]
    for file in files:
        for service in file.service:
            for method in service.method:
                rule = method.options.Extensions[annotations_pb2.http]
                for binding in [rule, *rule.additional_bindings]:
                    verb = binding.WhichOneof("pattern")
                    if verb and verb != "custom":
                        assert verb in paths.get(getattr(binding, verb), {}), (service.name, verb)


def test_field_comments_become_descriptions() -> None:
    d = openapi.Descriptors(openapi.DESCRIPTOR)
    schemas = _document()["components"]["schemas"]
    investor = d.messages[".casgate.v1.Investor"]
    for field in investor.field:
        comment = d.comments[f".casgate.v1.Investor.{field.name}"]
        assert comment and schemas["Investor"]["properties"][field.name]["description"] == comment


def test_multipart_twins_public_methods_and_the_error_body() -> None:
    document = _document()
    parse = document["paths"]["/v4/smart/parse"]["post"]
    assert set(parse["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert document["paths"]["/api/status"]["get"]["security"] == [{}]
    assert "security" not in parse  # the document's default: x-api-key or a bearer token
    assert set(document["components"]["securitySchemes"]) == {"apiKey", "bearer"}
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["status", "msg", "code"]
