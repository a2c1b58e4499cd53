"""An opened, validated PDF: page text and layout through pypdfium2."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from ..errors import BadRequest, Code
from ..settings import Settings, get_settings
from .geometry import PageLayout
from .lines import cluster_lines
from .preflight import PdfFacts, preflight
from .words import page_words

if TYPE_CHECKING:
    from ..ocr.model import OcrPage


class Document:
    """A PDF ready for parsing. Close it (or use ``with``) to free pdfium's memory.

    Pages read by OCR (``ocr``, by 0-based index) replace the text layer of those pages, so
    parsers read a scan through the same words and lines as a digital PDF.
    """

    def __init__(
        self, pdf: pdfium.PdfDocument, facts: PdfFacts, ocr: Mapping[int, OcrPage] | None = None
    ) -> None:
        self._pdf = pdf
        self.facts = facts
        self.ocr: dict[int, OcrPage] = dict(ocr or {})
        self._layouts: dict[int, PageLayout] = {}

    @property
    def pdf(self) -> pdfium.PdfDocument:
        return self._pdf

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
        if index in self.ocr:
            layout = _ocr_layout(self.ocr[index])
            self._layouts[index] = layout
            return layout
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

    def add_ocr(self, index: int, page: OcrPage) -> None:
        """Read page ``index`` from OCR's words from now on."""
        self.ocr[index] = page
        self._layouts.pop(index, None)

    def pages_needing_ocr(self) -> list[int]:
        """0-based indices of the pages without a usable text layer and not yet OCR'd."""
        from ..ocr.need import needs_ocr

        return [i for i in range(self.page_count) if i not in self.ocr and needs_ocr(self.text(i))]

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


def open_pdf(
    data: bytes,
    password: str | None,
    settings: Settings | None = None,
    *,
    ocr: Mapping[int, OcrPage] | None = None,
    require_text: bool = True,
) -> Document:
    """Validate and open a PDF, or raise ``BadRequest`` / ``PayloadTooLarge`` saying why.

    ``ocr`` holds pages already read by OCR; with ``require_text`` a PDF without any text
    (a scan no OCR has read) is refused."""
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
    document = Document(pdf, facts, ocr)
    if require_text and not _has_text(document):
        document.close()
        raise BadRequest(
            "The PDF has no text layer (a scanned image?) and OCR is off here "
            "(CASGATE_OCR_ENABLED, or a batch without the `ocr` option); statements must "
            "be the original PDF, not a scan.",
            code=Code.NO_TEXT_LAYER,
        )
    return document


def _has_text(document: Document) -> bool:
    return any(document.layout(i).lines for i in range(min(2, document.page_count)))


def _ocr_layout(page: OcrPage) -> PageLayout:
    words = [w.to_word() for w in page.words]
    return PageLayout(
        page.number, page.width, page.height, cluster_lines(words, page.line_tolerance), []
    )
