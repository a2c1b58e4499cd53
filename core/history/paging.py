"""Page numbers and sizes of history lists."""

from __future__ import annotations

from core.errors import BadRequest

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_window(page: int, page_size: int) -> tuple[int, int, int]:
    """``(page, page_size, offset)``: 0 means the default; out of range is ``BadRequest``."""
    page = page or 1
    page_size = page_size or DEFAULT_PAGE_SIZE
    if page < 1:
        raise BadRequest("page starts at 1")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadRequest(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    return page, page_size, (page - 1) * page_size
