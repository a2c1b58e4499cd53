"""The base of every view core hands to the edge: a typed, closed, immutable record."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """A response-shaped record; unknown fields are a programming error."""

    model_config = ConfigDict(extra="forbid", frozen=True)
