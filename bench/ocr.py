"""OCR quality and speed on generated scans: English and Hindi pages apart.

    .venv/bin/python -m bench.ocr [--pages 6] [--hindi-pages 4] [--noisy]

English pages are the everyday documents of ``tests.scans`` (invoice, bank statement, salary
slip, rent receipt, insurance letter: each at least once) and CAMS statement pages, scanned
clean at 300 dpi (or, with ``--noisy``, with random skew, rotation, blur, speckles and JPEG
artefacts at 200-300 dpi); Hindi pages are Hindi government letters, each seed its own office,
addressee, subject and sentences, scanned the same way. For each language it
prints the character error rate against the ground truth, milliseconds per page (render,
orientation, deskew and reading; one page at a time, on a shared machine) and the share of
pages whose Tesseract confidence wanted the EasyOCR fallback. Targets: CER <= 2% clean English,
<= 8% Hindi. CER is given twice: over the text in reading order (two blocks sharing a baseline
are one OCR line but two text-layer lines, which costs characters without any misread) and
over the sorted words (misreads only).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from core.ocr.page import ocr_page
from core.settings import Settings
from tests.ocr.cer import edit_distance, normalise, words_sorted
from tests.scans import DOCUMENTS, Noise, hindi_letter, scan
from tests.scans.documents import hindi_font
from tests.statements import generate


@dataclass
class Tally:
    errors: int = 0
    unordered_errors: int = 0
    characters: int = 0
    pages: int = 0
    fallback: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, read: str, truth: str, wanted_fallback: bool, seconds: float) -> None:
        self.unordered_errors += edit_distance(words_sorted(read), words_sorted(truth))
        read, truth = normalise(read), normalise(truth)
        self.errors += edit_distance(read, truth)
        self.characters += len(truth)
        self.pages += 1
        self.fallback += wanted_fallback
        self.seconds.append(seconds)

    def line(self, name: str) -> str:
        if not self.pages:
            return f"{name:8} no pages"
        cer = self.errors / max(self.characters, 1)
        unordered = self.unordered_errors / max(self.characters, 1)
        ms = sum(self.seconds) / self.pages * 1000
        share = self.fallback / self.pages
        return (
            f"{name:8} pages {self.pages:3}  CER {cer:6.2%} (reading order), {unordered:6.2%} "
            f"(words only)  {ms:7.0f} ms/page  "
            f"fallback wanted {share:5.1%}"
        )


def _read(pdf: bytes, truth: list[str], settings: Settings, tally: Tally) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        for index, expected in enumerate(truth):
            started = time.perf_counter()
            page = ocr_page(document, index, settings)
            tally.add(
                page.text, expected, page.fallback != "not needed", time.perf_counter() - started
            )
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=7, help="English pages (about; at least one per kind)"
    )
    parser.add_argument("--hindi-pages", type=int, default=4, help="Hindi letters, one page each")
    parser.add_argument("--noisy", action="store_true", help="random scanner noise")
    args = parser.parse_args()
    settings = Settings(ocr_page_timeout_seconds=900)  # a busy machine is not the point here
    rng = random.Random(11)

    def noise() -> Noise:
        return Noise.random(rng) if args.noisy else Noise(dpi=300, jpeg_quality=90)

    english = Tally()
    kinds = sorted(DOCUMENTS)
    for i in range(max(len(kinds), args.pages - 2)):  # every kind at least once
        scanned = scan(DOCUMENTS[kinds[i % len(kinds)]](i), [noise()], seed=i)
        _read(scanned.pdf, scanned.truth, settings, english)
    statement = generate(issuer="CAMS", variant="DETAILED", seed=3, pages=2, encryption=None)
    scanned = scan(statement.pdf, [noise()], seed=99)
    _read(scanned.pdf, scanned.truth, settings, english)
    print(english.line("English"))

    hindi = Tally()
    if hindi_font() is None:
        print("Hindi    skipped: no Devanagari font installed (Debian fonts-lohit-deva)")
    else:
        for seed in range(args.hindi_pages):
            pdf, truth = hindi_letter(seed, noise=noise())
            _read(pdf, [truth], settings, hindi)
        print(hindi.line("Hindi"))


if __name__ == "__main__":
    main()
