"""The HTTP methods each REST path takes, read from the descriptor set's ``google.api.http``
bindings, for the gateway's 405 answers (a GET on a POST route is "method not allowed", not
"no such path")."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from google.api import annotations_pb2
from google.protobuf import descriptor_pb2

_VARIABLE = re.compile(r"\{[^}]+\}")
_LUA_MAGIC = re.compile(r"([%^$().\[\]*+\-?])")


def methods_by_path(descriptor: Path) -> dict[str, set[str]]:
    """REST path template (``/api/batch/jobs/{job_id}/status``) → its HTTP methods."""
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor.read_bytes()).file
    found: dict[str, set[str]] = defaultdict(set)
    for file in files:
        for service in file.service:
            for method in service.method:
                rule = method.options.Extensions[annotations_pb2.http]
                for binding in [rule, *rule.additional_bindings]:
                    verb = binding.WhichOneof("pattern")
                    if verb and verb != "custom":
                        found[getattr(binding, verb)].add(verb.upper())
    return dict(found)


def lua_pattern(template: str) -> str:
    """An anchored Lua pattern for a path template; a variable is one path segment."""
    parts = [_LUA_MAGIC.sub(r"%\1", part) for part in _VARIABLE.split(template)]
    return "^" + "[^/]+".join(parts) + "$"


def lua_table_entries(descriptor: Path) -> str:
    """``{"^/a$", "GET, POST"}, …`` for errors.lua's ROUTES table."""
    return ", ".join(
        f"{{{json.dumps(lua_pattern(path))}, {json.dumps(', '.join(sorted(verbs)))}}}"
        for path, verbs in sorted(methods_by_path(descriptor).items())
    )
