"""The request paths of public methods: each method's gRPC path and its REST bindings, read from
the descriptor set Envoy transcodes with (so the gateway's credential gate and the contract
cannot drift apart)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from google.api import annotations_pb2
from google.protobuf import descriptor_pb2


def _bindings(method: descriptor_pb2.MethodDescriptorProto) -> list[str]:
    rule = method.options.Extensions[annotations_pb2.http]
    paths = []
    for binding in [rule, *rule.additional_bindings]:
        verb = binding.WhichOneof("pattern")
        if verb and verb != "custom":
            paths.append(getattr(binding, verb))
    return paths


def public_paths(descriptor: Path, methods: Iterable[str]) -> list[str]:
    """gRPC and REST paths of ``methods`` (``/pkg.Service/Method``); templated REST paths
    (``{name}``) are refused, since the gate matches exact paths."""
    wanted = set(methods)
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor.read_bytes())
    found: list[str] = []
    for file in files.file:
        for service in file.service:
            for method in service.method:
                grpc_path = f"/{file.package}.{service.name}/{method.name}"
                if grpc_path not in wanted:
                    continue
                wanted.discard(grpc_path)
                rest = _bindings(method)
                templated = [p for p in rest if re.search(r"[{*]", p)]
                if templated:
                    raise ValueError(f"public method {grpc_path} has templated paths {templated}")
                found += [grpc_path, *rest]
    if wanted:
        raise ValueError(f"public methods not in the descriptor: {sorted(wanted)}")
    return found


def lua_table_entries(paths: Iterable[str]) -> str:
    """``["/a"] = true, ["/b"] = true`` for the Lua gate's PUBLIC table."""
    return ", ".join(f"[{json.dumps(p)}] = true" for p in sorted(set(paths)))
