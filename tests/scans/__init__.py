"""Scanned documents with their ground truth: generated PDFs rendered to noisy images."""

from .documents import DOCUMENTS, bundle, hindi_letter
from .scan import Noise, ScannedDocument, scan

__all__ = ["DOCUMENTS", "Noise", "ScannedDocument", "bundle", "hindi_letter", "scan"]
