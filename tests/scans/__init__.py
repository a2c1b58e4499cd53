"""Scanned documents with their ground truth: generated PDFs rendered to noisy images."""

from .documents import DOCUMENTS, hindi_letter
from .scan import Noise, ScannedDocument, scan

__all__ = ["DOCUMENTS", "Noise", "ScannedDocument", "hindi_letter", "scan"]
