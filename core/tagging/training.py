"""Keeping each account's classifier in step with its tags and confirmed documents.

A model is stored with a fingerprint of what it learned from (the tag set, the confirmed
documents and their tags) and the scikit-learn version that wrote it. ``current_model`` answers
the stored model when its version can be loaded, and asks for a background retraining when the
fingerprint or the version no longer matches; ``retrain`` does the work (blocking) and is what
the background thread runs.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlmodel import Session, col, select

from core.batch.models import Document, DocumentContent
from core.db import session_scope, utcnow
from core.settings import Settings
from core.tagging import classifier
from core.tagging.classifier import Example, TagClassifier
from core.tagging.models import DocumentTag, Tag, TagModel, TagReview

log = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(1, thread_name_prefix="casgate-tag-training")
_pending: set[tuple[str, str]] = set()
_pending_lock = threading.Lock()


def document_text(filename: str, document_type: str, text: str) -> str:
    """What the taggers read: the document's metadata, then its text."""
    return f"{filename}\n{document_type}\n{text}"


def examples(session: Session, account_id: str) -> list[Example]:
    """The account's confirmed documents with their tags, oldest first."""
    reviewed = session.exec(
        select(Document, DocumentContent)
        .join(TagReview, col(TagReview.document_id) == col(Document.id))
        .join(DocumentContent, col(DocumentContent.document_id) == col(Document.id), isouter=True)
        .where(col(TagReview.account_id) == account_id)
        .order_by(col(Document.created_at), col(Document.id))
    ).all()
    links: dict[str, set[str]] = {}
    for link in session.exec(
        select(DocumentTag).where(
            col(DocumentTag.account_id) == account_id, col(DocumentTag.confirmed)
        )
    ):
        links.setdefault(link.document_id, set()).add(link.tag_id)
    return [
        Example(
            document_text(doc.filename, doc.document_type, content.text if content else ""),
            frozenset(links.get(doc.id, set())),
        )
        for doc, content in reviewed
    ]


def fingerprint(session: Session, account_id: str) -> str:
    digest = hashlib.sha256()
    for tag_id in session.exec(
        select(Tag.id).where(col(Tag.account_id) == account_id).order_by(col(Tag.id))
    ):
        digest.update(b"t" + tag_id.encode())
    for document_id, tag_id in session.exec(
        select(TagReview.document_id, DocumentTag.tag_id)
        .join(
            DocumentTag,
            (col(DocumentTag.document_id) == col(TagReview.document_id))
            & col(DocumentTag.confirmed),
            isouter=True,
        )
        .where(col(TagReview.account_id) == account_id)
        .order_by(col(TagReview.document_id), col(DocumentTag.tag_id))
    ):
        digest.update(f"d{document_id}:{tag_id or ''}".encode())
    return digest.hexdigest()


def retrain(settings: Settings, account_id: str) -> TagClassifier | None:
    """Train on the account's confirmed documents and store the model (an empty one when
    nothing is learnable yet, so the same data is not tried again)."""
    with session_scope(settings) as session:
        data = examples(session, account_id)
        mark = fingerprint(session, account_id)
    model = classifier.train(data)
    with session_scope(settings) as session:
        stored = session.get(TagModel, account_id) or TagModel(
            account_id=account_id, sklearn_version="", fingerprint="", model=b""
        )
        stored.sklearn_version = classifier.current_version()
        stored.fingerprint = mark
        stored.documents = len(data) if model else 0
        stored.model = model.dumps() if model else b""
        stored.trained_at = utcnow()
        session.add(stored)
    return model


def _run(settings: Settings, account_id: str) -> None:
    with _pending_lock:
        _pending.discard((settings.resolved_database_url(), account_id))
    try:
        retrain(settings, account_id)
    except Exception:  # a failed training keeps the old model; the next change tries again
        log.exception("tag classifier training failed for account %s", account_id)


def schedule_retrain(settings: Settings, account_id: str) -> None:
    """Retrain in the background, once however often it is asked before it starts."""
    key = (settings.resolved_database_url(), account_id)
    with _pending_lock:
        if key in _pending:
            return
        _pending.add(key)
    _executor.submit(_run, settings, account_id)


def wait_for_training() -> None:
    """Block until every scheduled training has run (tests, benchmarks, shutdown)."""
    _executor.submit(lambda: None).result()


#: loaded classifiers by (database, account): (trained_at, model), so a worker unpickles a model
#: once per training, not once per document
_loaded: dict[tuple[str, str], tuple[datetime, TagClassifier | None]] = {}


def _load(settings: Settings, account_id: str, trained_at: datetime) -> TagClassifier | None:
    key = (settings.resolved_database_url(), account_id)
    cached = _loaded.get(key)
    if cached is not None and cached[0] == trained_at:
        return cached[1]
    with session_scope(settings) as session:
        stored = session.get(TagModel, account_id)
        model = classifier.loads(stored.model, stored.sklearn_version) if stored else None
        stamp = stored.trained_at if stored else trained_at
    _loaded[key] = (stamp, model)
    return model


def current_model(settings: Settings, account_id: str) -> TagClassifier | None:
    """The account's stored classifier if this scikit-learn version can load it; a retraining
    is scheduled in the background when it is stale (new tags or confirmations, another
    version) and the account has confirmed documents."""
    with session_scope(settings) as session:
        stored = session.exec(
            select(TagModel.sklearn_version, TagModel.fingerprint, TagModel.trained_at).where(
                col(TagModel.account_id) == account_id
            )
        ).first()
        stale = (
            stored is None
            or stored[0] != classifier.current_version()
            or stored[1] != fingerprint(session, account_id)
        )
        reviewed = session.exec(
            select(TagReview.document_id).where(col(TagReview.account_id) == account_id).limit(1)
        ).first()
    if stale and reviewed is not None:
        schedule_retrain(settings, account_id)
    if stored is None or stored[0] != classifier.current_version():
        return None
    return _load(settings, account_id, stored[2])
