"""Tables of tagging.

* :class:`Tag` — a tag of one account, with its matching rule (paperless-ngx's algorithms).
* :class:`DocumentTag` — a tag on a stored document: who set it (``rule``, ``classifier``,
  ``llm`` or ``user``), with what confidence, and whether the user confirmed it. Documents with a
  confirmed tag set are the training data of the account's classifier.
* :class:`TagReview` — a document whose tag set the user confirmed (possibly as "no tags").
* :class:`TagModel` — an account's trained classifier, pickled with the scikit-learn version that
  wrote it (a model of another version is retrained, never loaded).
* :class:`LlmCall` — one call of the LLM tagger: model, tokens, cost and outcome.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.accounts.models import AccountOwned, new_id
from core.db import EnumText, UTCDateTime, utcnow


class MatchAlgorithm(StrEnum):
    NONE = "none"
    ANY = "any"
    ALL = "all"
    LITERAL = "literal"
    REGEX = "regex"
    FUZZY = "fuzzy"


class TagSource(StrEnum):
    RULE = "rule"
    CLASSIFIER = "classifier"
    LLM = "llm"
    USER = "user"


class Tag(AccountOwned, table=True):
    __tablename__ = "tag"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_tag_account_name"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    match_algorithm: MatchAlgorithm = Field(
        default=MatchAlgorithm.NONE, sa_type=EnumText(MatchAlgorithm, 10), nullable=False
    )
    match: str = Field(default="", max_length=500)
    case_sensitive: bool = Field(default=False)
    auto_assign: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DocumentTag(AccountOwned, table=True):
    __tablename__ = "document_tag"

    document_id: str = Field(
        foreign_key="document.id", primary_key=True, ondelete="CASCADE", max_length=32
    )
    tag_id: str = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", max_length=32)
    source: TagSource = Field(sa_type=EnumText(TagSource, 12), nullable=False)
    confidence: float = Field(default=1.0)
    confirmed: bool = Field(default=False)


class TagReview(AccountOwned, table=True):
    __tablename__ = "tag_review"

    document_id: str = Field(
        foreign_key="document.id", primary_key=True, ondelete="CASCADE", max_length=32
    )
    reviewed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TagModel(SQLModel, table=True):
    __tablename__ = "tag_model"

    account_id: str = Field(
        foreign_key="account.id", primary_key=True, ondelete="CASCADE", max_length=32
    )
    sklearn_version: str = Field(max_length=40)
    #: a digest of the tag set and the confirmed training data the model was fitted on
    fingerprint: str = Field(max_length=64)
    documents: int = Field(default=0)
    model: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    trained_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LlmCall(AccountOwned, table=True):
    __tablename__ = "llm_call"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    model: str = Field(max_length=200)
    #: HTTP status of the last attempt (0 when none answered)
    status_code: int = Field(default=0)
    attempts: int = Field(default=1)
    prompt_tokens: int = Field(default=0)
    completion_tokens: int = Field(default=0)
    #: the provider's reported cost of the call, in its credits (US dollars on OpenRouter)
    cost: float = Field(default=0.0)
    error: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: the stored document the call tagged (set when it is stored; a failed one has none)
    document_id: str | None = Field(default=None, index=True, max_length=32)
    #: new tag names the model proposed; shown to the user, never applied
    suggested: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
