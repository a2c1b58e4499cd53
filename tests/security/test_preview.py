"""Preview attacks: image bombs and absurd pages are refused before pdfium renders them, and
rendering happens in an isolated worker process, never in the server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from core.errors import BadRequest
from core.preview import preview
from tests.conftest import OPERATOR_KEY, Stack
from tests.loopback import serving

from . import hostile

#: above the default cap of 50 million pixels
BOMB_SIDE = 10_000


def _refused(data: bytes) -> str:
    with pytest.raises(BadRequest) as refused:
        preview(data, None)
    return refused.value.message


def test_an_image_bomb_is_refused_before_rendering() -> None:
    message = _refused(hostile.image_bomb(BOMB_SIDE))
    assert f"image of {BOMB_SIDE} x {BOMB_SIDE} pixels" in message


def test_a_bomb_hidden_in_a_soft_mask_is_refused() -> None:
    message = _refused(hostile.image_bomb(BOMB_SIDE, in_soft_mask=True))
    assert f"image of {BOMB_SIDE} x {BOMB_SIDE} pixels" in message


def test_an_inline_image_bomb_is_refused() -> None:
    assert "draws images of more than" in _refused(hostile.inline_image_bomb(BOMB_SIDE))


@pytest.mark.parametrize("box", [[0, 0, 1e9, 10], [0, 0, 14401, 14401], [0, 0, 0.01, 0.01]])
def test_absurd_page_sizes_are_refused(box: list[float]) -> None:
    assert "points" in _refused(hostile.with_media_box(box))


def test_an_ordinary_page_and_image_still_preview() -> None:
    facts = preview(hostile.image_bomb(500), None)
    assert facts.pages == 1 and facts.thumbnail.startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def bomb_url() -> Iterator[str]:
    httpd = serving(hostile.image_bomb(BOMB_SIDE, in_soft_mask=True))
    yield f"http://127.0.0.1:{httpd.server_address[1]}/bomb.pdf"
    httpd.shutdown()
    httpd.server_close()


def test_the_preview_endpoint_answers_400_for_an_image_bomb(stack: Stack, bomb_url: str) -> None:
    response = httpx.get(
        f"{stack.url}/api/single/preview",
        params={"url": bomb_url},
        headers={"x-api-key": OPERATOR_KEY},
        timeout=60,
    )
    assert response.status_code == 400, response.text
    cap = stack.server.settings.preview_max_pixels
    assert f"more than the {cap} pixels a preview renders" in response.json()["msg"]
