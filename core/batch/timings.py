"""How long each stage of processing a document took: milliseconds per stage that ran, kept
with the document (``document.timings``) and shown as ``StageTimings`` (``batch.proto``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from core.views import View


def elapsed_ms(started: float) -> float:
    """Milliseconds since ``started`` (a :func:`time.monotonic` reading), to 0.1 ms."""
    return round((time.monotonic() - started) * 1000, 1)


class StageClock:
    """Collects one document's stage durations as ``{"open_ms": 3.1, ...}``, in the order the
    stages ran; a stage entered twice adds up. A stage that raised still counts its time."""

    def __init__(self) -> None:
        self._ms: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.add(name, (time.monotonic() - started) * 1000)

    def add(self, name: str, ms: float) -> None:
        key = f"{name}_ms"
        self._ms[key] = round(self._ms.get(key, 0.0) + ms, 1)

    def as_dict(self) -> dict[str, float]:
        return dict(self._ms)


class StageTimingsView(View):
    """Milliseconds spent in each stage of processing a document; a stage that did not run is
    absent. The stages run in this order, within the document's ``processing_ms`` (the
    download of a single document's ``url`` comes before it)."""

    #: the download of ``url`` (``/api/single/process``)
    download_ms: float | None = None
    #: getting the document's bytes: an upload, a file, a URL or an S3 object
    fetch_ms: float | None = None
    #: opening the PDF: preflight checks and limits, decryption, repair
    open_ms: float | None = None
    #: reading the text layer of every page
    text_ms: float | None = None
    #: reading the pages without a usable text layer by OCR
    ocr_ms: float | None = None
    #: recognising the document type
    detect_ms: float | None = None
    #: parsing the statement or contract note
    parse_ms: float | None = None
    #: writing the searchable copy (``options.searchable_pdf``)
    searchable_pdf_ms: float | None = None
    #: the tagging pipeline (``options.tag``)
    tag_ms: float | None = None
    #: keeping the file (and its searchable copy) in the object store
    store_ms: float | None = None

    @classmethod
    def of(cls, timings: dict[str, float] | None) -> StageTimingsView | None:
        """The view of stored timings; ``None`` for a document stored without them."""
        return cls.model_validate(timings) if timings else None
