"""The error codes: every one documented, every error class's default among them, and the
gateway's fallback codes real ones."""

from __future__ import annotations

from pathlib import Path

from core.errors import CODE_MEANINGS, CasgateError, Code, code_table
from server.status_codes import CODE_OF_STATUS, retry_can_help

ROOT = Path(__file__).resolve().parent.parent


def _error_classes() -> list[type[CasgateError]]:
    found, todo = [], [CasgateError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_code_has_a_meaning_and_the_readme_lists_them() -> None:
    assert set(CODE_MEANINGS) == set(Code)
    assert code_table() in (ROOT / "README.md").read_text(), "stale error codes: `make readme`"


def test_each_error_class_default_code_is_documented_with_its_status() -> None:
    for cls in _error_classes():
        status, _ = CODE_MEANINGS[cls.default_code]
        assert status == cls.http_status, cls


def test_a_given_code_overrides_the_class_default() -> None:
    from core.errors import BadRequest

    assert BadRequest("x").code is Code.BAD_REQUEST
    assert BadRequest("x", code=Code.NOT_A_PDF).code is Code.NOT_A_PDF


def test_the_gateways_fallback_codes_are_codes_of_their_status() -> None:
    for status, code in CODE_OF_STATUS.items():
        assert Code(code) in Code
        if status != 499:  # a client that went away never reads its answer
            assert CODE_MEANINGS[Code(code)][0] == status


def test_retry_hints() -> None:
    assert [s for s in (400, 401, 402, 404, 409, 413, 501) if retry_can_help(s)] == []
    assert all(retry_can_help(s) for s in (408, 429, 500, 503, 504))
