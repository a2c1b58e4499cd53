"""The configuration ``make run`` gives Envoy follows every port setting (non-default values
together), allows exactly the configured CORS origins, and Envoy accepts it; the launcher
starts Envoy with a dynamic base id so that two instances run side by side."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from core.settings import Settings
from server.launch import envoy_binary, envoy_command, render_gateway_config


def _render(tmp_path: Path, **values: Any) -> dict[str, Any]:
    settings = Settings(data_dir=tmp_path, **values)
    config = render_gateway_config(settings, tmp_path / "envoy.yaml")
    checked = subprocess.run(
        [envoy_binary(), "--mode", "validate", "-c", str(config), "--use-dynamic-base-id"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    loaded: dict[str, Any] = yaml.safe_load(config.read_text())
    return loaded


def _endpoint(cluster: dict[str, Any]) -> tuple[str, int]:
    address = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]
    socket = address["address"]["socket_address"]
    return socket["address"], socket["port_value"]


def _virtual_host(config: dict[str, Any]) -> dict[str, Any]:
    manager = config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
    host: dict[str, Any] = manager["typed_config"]["route_config"]["virtual_hosts"][0]
    return host


def test_every_port_setting_reaches_the_gateway(tmp_path: Path) -> None:
    config = _render(
        tmp_path,
        http_host="127.0.0.1",
        http_port=18181,
        grpc_host="127.0.0.1",
        grpc_port=15151,
        ws_port=15252,
        admin_port=19191,
    )
    listener = config["static_resources"]["listeners"][0]["address"]["socket_address"]
    assert (listener["address"], listener["port_value"]) == ("127.0.0.1", 18181)
    clusters = {c["name"]: c for c in config["static_resources"]["clusters"]}
    assert _endpoint(clusters["casgate_server"]) == ("127.0.0.1", 15151)
    # the WebSocket route goes to the configured listener, never to the default 50052
    assert _endpoint(clusters["casgate_websocket"]) == ("127.0.0.1", 15252)
    routes = _virtual_host(config)["routes"]
    ws_route = next(r for r in routes if r["match"].get("prefix") == "/api/batch/ws/")
    assert ws_route["route"]["cluster"] == "casgate_websocket"
    admin = config["admin"]["address"]["socket_address"]
    assert (admin["address"], admin["port_value"]) == ("127.0.0.1", 19191)


def test_cors_allows_exactly_the_configured_origins(tmp_path: Path) -> None:
    origins = "https://app.example.com, http://localhost:3000"
    config = _render(tmp_path, cors_allowed_origins=origins)
    policy = _virtual_host(config)["typed_per_filter_config"]["envoy.filters.http.cors"]
    assert policy["allow_origin_string_match"] == [
        {"exact": "https://app.example.com"},
        {"exact": "http://localhost:3000"},
    ]
    assert "x-api-key" in policy["allow_headers"] and "x-request-id" in policy["expose_headers"]
    anyone = _render(tmp_path / "dev", cors_allowed_origins="*")
    policy = _virtual_host(anyone)["typed_per_filter_config"]["envoy.filters.http.cors"]
    assert policy["allow_origin_string_match"] == [{"safe_regex": {"regex": ".*"}}]
    # by default no origin is allowed: no policy at all
    assert "typed_per_filter_config" not in _virtual_host(_render(tmp_path / "none"))


def test_envoy_gets_a_dynamic_base_id(tmp_path: Path) -> None:
    assert "--use-dynamic-base-id" in envoy_command(tmp_path / "envoy.yaml")
