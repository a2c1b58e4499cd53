"""An opened, validated PDF: page text and layout through pypdfium2."""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType

import pypdfium2 as pdfium

from ..errors import BadRequest, Code
from ..settings import Settings, get_settings
from .geometry import PageLayout
from .lines import cluster_lines
from .preflight import PdfFacts, preflight
from .words import page_words


class Document:
    """A PDF ready for parsing. Close it (or use ``with``) to free pdfium's memory."""

    def __init__(self, pdf: pdfium.PdfDocument, facts: PdfFacts) -> None:
        self._pdf = pdf
        self.facts = facts
        self._layouts: dict[int, PageLayout] = {}

    @property
    def page_count(self) -> int:
        return self.facts.page_count

    @property
    def metadata(self) -> dict[str, str]:
        return self.facts.metadata

    def layout(self, index: int) -> PageLayout:
        """Words and lines of page ``index`` (0-based), cached."""
        cached = self._layouts.get(index)
        if cached is not None:
            return cached
        page = self._pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                words, rotated = page_words(textpage)
            finally:
                textpage.close()
            width, height = page.get_size()
        finally:
            page.close()
        layout = PageLayout(index + 1, width, height, cluster_lines(words), rotated)
        self._layouts[index] = layout
        return layout

    def layouts(self) -> Iterator[PageLayout]:
        for index in range(self.page_count):
            yield self.layout(index)

    def text(self, index: int) -> str:
        """Plain text of a page: its lines joined, rotated runs last."""
        layout = self.layout(index)
        return "\n".join([line.text for line in layout.lines] + layout.rotated)

    def close(self) -> None:
        self._layouts.clear()
        self._pdf.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_pdf(data: bytes, password: str | None, settings: Settings | None = None) -> Document:
    """Validate and open a PDF, or raise ``BadRequest`` / ``PayloadTooLarge`` saying why."""
    settings = settings or get_settings()
    facts = preflight(data, password, settings)
    try:
        if facts.decrypted is not None:
            pdf = pdfium.PdfDocument(facts.decrypted)
            facts.decrypted = None  # pdfium keeps its own reference; the facts need not
        else:
            pdf = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise BadRequest(
                "Incorrect password for this PDF.", code=Code.INCORRECT_PASSWORD
            ) from None
        raise BadRequest(
            "The PDF is damaged or truncated and cannot be read.", code=Code.DAMAGED_PDF
        ) from exc
    if len(pdf) != facts.page_count:
        facts.page_count = min(len(pdf), facts.page_count)
    document = Document(pdf, facts)
    if not _has_text(document):
        document.close()
        raise BadRequest(
            "The PDF has no text layer (a scanned image?); statements must be the "
            "original PDF, not a scan.",
            code=Code.NO_TEXT_LAYER,
        )
    return document


def _has_text(document: Document) -> bool:
    return any(document.layout(i).lines for i in range(min(2, document.page_count)))
