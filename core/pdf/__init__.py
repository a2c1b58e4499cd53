"""PDF intake: preflight checks, decryption and a geometry-first text layer."""

from .document import Document, open_pdf
from .geometry import Line, PageLayout, Word
from .preflight import PdfFacts, preflight

__all__ = ["Document", "Line", "PageLayout", "PdfFacts", "Word", "open_pdf", "preflight"]
