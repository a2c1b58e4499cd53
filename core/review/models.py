"""Workflows: a name and ordered rules, versioned. The ``workflow`` row holds the current
version; every version (the current one included) is kept in ``workflow_version``, so a review
names exactly the rules it ran against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from core.accounts.models import AccountOwned, new_id
from core.db import UTCDateTime, utcnow


class Workflow(AccountOwned, table=True):
    __tablename__ = "workflow"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    version: int = Field(default=1)
    rules: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WorkflowVersion(SQLModel, table=True):
    __tablename__ = "workflow_version"

    workflow_id: str = Field(
        foreign_key="workflow.id", primary_key=True, ondelete="CASCADE", max_length=32
    )
    version: int = Field(primary_key=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    rules: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
