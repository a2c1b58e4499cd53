"""The dashboard's files are answered by Envoy itself (direct responses, like the API docs): every
file the app loads is routed, public, typed, within Envoy's size limit and under a strict CSP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from gateway import ui_files
from gateway.render import UI_DIR, render
from tests.conftest import Stack


def rendered(ui_dir: Path = UI_DIR) -> dict[str, Any]:
    text = render(listen="127.0.0.1:1", upstream="127.0.0.1:2", ws_upstream="127.0.0.1:3",
                  admin_port=4, request_timeout=5, max_body=6, ui_dir=ui_dir)  # fmt: skip
    return dict(yaml.safe_load(text))


def route_config(config: dict[str, Any]) -> dict[str, Any]:
    listener = config["static_resources"]["listeners"][0]
    manager = listener["filter_chains"][0]["filters"][0]["typed_config"]
    return dict(manager["route_config"])


def ui_routes(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    routes = route_config(config)["virtual_hosts"][0]["routes"]
    return {
        r["match"]["path"]: r
        for r in routes
        if r["match"].get("path", "").startswith("/ui") and "direct_response" in r
    }


def headers_of(route: dict[str, Any]) -> dict[str, str]:
    return {h["header"]["key"]: h["header"]["value"] for h in route["response_headers_to_add"]}


def test_every_file_of_the_app_is_answered_by_the_gateway() -> None:
    routes = ui_routes(rendered())
    on_disk = {
        f"/ui/{f.relative_to(UI_DIR).as_posix()}"
        for f in UI_DIR.rglob("*")
        if f.suffix in ui_files.CONTENT_TYPES
    }
    assert on_disk and on_disk | {"/ui", "/ui/"} == set(routes)
    for path, route in routes.items():
        served = Path(route["direct_response"]["body"]["filename"])
        expected = UI_DIR / ("index.html" if path in ("/ui", "/ui/") else path[len("/ui/") :])
        assert served == expected.resolve()
        assert headers_of(route)["content-type"] == ui_files.CONTENT_TYPES[served.suffix]
        # the transcoder must not take these for REST methods
        assert route["typed_per_filter_config"]["envoy.filters.http.grpc_json_transcoder"][
            "disabled"
        ]


def test_every_module_the_app_imports_is_served() -> None:
    routes = ui_routes(rendered())
    page = (UI_DIR / "index.html").read_text()
    loaded = set(re.findall(r'(?:src|href)="(/ui/[^"]+)"', page))
    for module in UI_DIR.rglob("*.js"):
        for target in re.findall(r'^import .* from "(\.[^"]+)";$', module.read_text(), re.M):
            loaded.add("/ui/" + (module.parent / target).resolve().relative_to(UI_DIR).as_posix())
    assert "/ui/js/app.js" in loaded
    assert loaded <= set(routes), loaded - set(routes)


def test_files_fit_envoys_direct_response_limit() -> None:
    config = rendered()
    limit = route_config(config)["max_direct_response_body_size_bytes"]
    assert limit == ui_files.MAX_FILE_BYTES
    for route in ui_routes(config).values():
        assert Path(route["direct_response"]["body"]["filename"]).stat().st_size <= limit


def test_a_file_over_the_limit_is_refused_when_rendering(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "big.js").write_bytes(b" " * (ui_files.MAX_FILE_BYTES + 1))
    with pytest.raises(ValueError, match=r"big\.js"):
        rendered(tmp_path)


def test_hidden_and_unknown_files_are_not_served(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / ".env.js").write_text("secret")
    (tmp_path / "notes.md").write_text("notes")
    (tmp_path / "app.js").write_text("")
    assert set(ui_routes(rendered(tmp_path))) == {"/ui", "/ui/", "/ui/index.html", "/ui/app.js"}


def test_without_the_folder_there_is_no_dashboard(tmp_path: Path) -> None:
    assert ui_routes(rendered(tmp_path / "absent")) == {}


def test_pages_carry_a_strict_content_security_policy() -> None:
    for route in ui_routes(rendered()).values():
        headers = headers_of(route)
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.e2e
def test_the_dashboard_needs_no_credentials_and_the_api_still_does(stack: Stack) -> None:
    page = httpx.get(f"{stack.url}/ui")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "/ui/js/app.js" in page.text
    assert "content-security-policy" in page.headers
    script = httpx.get(f"{stack.url}/ui/js/app.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.content == (UI_DIR / "js" / "app.js").read_bytes()
    assert httpx.get(f"{stack.url}/api/keys").status_code == 401
