"""The fallback gRPC-code → HTTP-status table: one source, generated copies that cannot go stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grpc

from clients._errors import api_error
from server.status_codes import HTTP_STATUS_OF_CODE

ROOT = Path(__file__).resolve().parent.parent
COPIES = ["gateway/errors.lua", "clients/_status_table.py"]


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "proto" / "status_table.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
    )


def test_generated_copies_are_fresh() -> None:
    result = _check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_hand_edited_copy_is_reported_stale(tmp_path: Path) -> None:
    for name in COPIES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    lua = tmp_path / "gateway" / "errors.lua"
    lua.write_text(lua.read_text().replace("[8] = 413", "[8] = 429", 1))
    client = tmp_path / "clients" / "_status_table.py"
    client.write_text(client.read_text().replace("8: 413", "8: 429", 1))
    result = _check(tmp_path)
    assert result.returncode == 1
    assert all(name in result.stdout for name in COPIES)


def test_every_error_code_has_a_status() -> None:
    codes = {code.value[0] for code in grpc.StatusCode if code is not grpc.StatusCode.OK}
    assert set(HTTP_STATUS_OF_CODE) == codes
    assert 503 not in HTTP_STATUS_OF_CODE.values()  # the contract never leaks a 503


class BareError:
    """A failed call as grpc reports it when the server sent no ErrorInfo."""

    def __init__(self, code: grpc.StatusCode) -> None:
        self._code = code

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return "refused by grpc"

    def initial_metadata(self) -> tuple[()]:
        return ()

    def trailing_metadata(self) -> tuple[()]:
        return ()


def test_client_falls_back_to_the_shared_table() -> None:
    # an oversized message, refused by grpc itself: the gateway answers REST clients 413 too
    assert api_error(BareError(grpc.StatusCode.RESOURCE_EXHAUSTED)).status == 413
    assert api_error(BareError(grpc.StatusCode.UNAVAILABLE)).status == 500
    assert api_error(BareError(grpc.StatusCode.UNAUTHENTICATED)).status == 401
