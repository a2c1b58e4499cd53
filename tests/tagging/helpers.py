"""Stored documents for the tagging tests: history rows written the way batches write them."""

from __future__ import annotations

import hashlib

from core.batch.documents import add_document
from core.batch.models import Document, DocumentStatus
from core.db import session_scope
from core.settings import Settings
from tests.tagging.corpus import Labelled


def store(settings: Settings, account_id: str, labelled: Labelled) -> str:
    """Keep a labelled document as a completed history document (no tags yet); its id."""
    digest = hashlib.sha256(f"{account_id}{labelled.filename}{labelled.text}".encode()).hexdigest()
    document = Document(
        account_id=account_id,
        idem_key=f"tagging-test:{digest}",
        filename=labelled.filename,
        status=DocumentStatus.COMPLETED,
        document_type="UNKNOWN",
        pages=1,
        size=len(labelled.text),
        sha256=digest,
    )
    with session_scope(settings) as session:
        add_document(session, document, text_content=labelled.text, search_text=labelled.text)
    return document.id
