"""OCR of pages without a usable text layer: Tesseract (eng+hin), EasyOCR as a fallback.

``need`` decides which pages, ``limits`` what they may cost, ``page`` reads one (render,
orientation, deskew, Tesseract, fallback), ``run`` reads a document's pages here or over the
isolated OCR worker pool, and ``health`` reports the engines.
"""
