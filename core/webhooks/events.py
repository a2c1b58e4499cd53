"""The events a webhook may subscribe to."""

from __future__ import annotations

EXTRACTION_COMPLETED = "extraction.completed"
REVIEW_COMPLETED = "review.completed"
BATCH_COMPLETED = "batch.completed"
PARSE_COMPLETED = "parse.completed"
#: a forward-to address received statements (core/inbound)
INBOUND_EMAIL_RECEIVED = "inbound_email.received"

#: every event, in the order the README lists them
EVENTS = (
    EXTRACTION_COMPLETED,
    REVIEW_COMPLETED,
    BATCH_COMPLETED,
    PARSE_COMPLETED,
    INBOUND_EMAIL_RECEIVED,
)
