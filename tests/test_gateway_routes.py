"""The gateway's services and streaming routes are read from the descriptor set, and agree with
the generated stubs the server runs."""

from __future__ import annotations

import re

import yaml
from google.api import annotations_pb2

from gateway.render import GATEWAY_DIR, read_routes, render
from server import contract

ROUTES = read_routes(GATEWAY_DIR / "casgate.pb")


def rendered() -> dict:  # type: ignore[type-arg]
    text = render(listen="127.0.0.1:1", upstream="127.0.0.1:2", ws_upstream="127.0.0.1:3",
                  admin_port=4, request_timeout=5, max_body=6)  # fmt: skip
    return dict(yaml.safe_load(text))


def test_every_service_is_routed_once() -> None:
    routed = ROUTES.json_services + ROUTES.upload_services
    assert sorted(routed) == sorted(contract.service_names())


def test_streaming_routes_are_the_server_streaming_methods() -> None:
    streaming = [m for s in contract.services() for m in s.methods if m.server_streaming]
    assert sorted(ROUTES.stream_methods) == sorted(
        f"/{m.containing_service.full_name}/{m.name}" for m in streaming
    )
    assert sorted(ROUTES.stream_paths) == sorted(
        m.GetOptions().Extensions[annotations_pb2.http].get for m in streaming
    )


def test_the_sse_pattern_takes_streams_only() -> None:
    pattern = re.compile(ROUTES.stream_regex)
    assert pattern.match("/api/batch/jobs/j-1/events")
    assert pattern.match("/api/status/events")
    assert not pattern.match("/api/batch/jobs/j-1/status")
    assert not pattern.match("/api/batch/jobs/a/b/events")
    assert not pattern.match("/api/status/events/extra")


def test_the_rendered_config_routes_the_streams() -> None:
    listener = rendered()["static_resources"]["listeners"][0]
    manager = listener["filter_chains"][0]["filters"][0]["typed_config"]
    routes = manager["route_config"]["virtual_hosts"][0]["routes"]
    exact = {r["match"]["path"]: r["route"]["timeout"] for r in routes if "path" in r["match"]}
    assert exact == dict.fromkeys(ROUTES.stream_methods, "0s")
    regexes = [r for r in routes if "safe_regex" in r["match"]]
    assert [r["match"]["safe_regex"]["regex"] for r in regexes] == [ROUTES.stream_regex]
