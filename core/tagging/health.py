"""Health probes of the taggers: how many accounts have a trained classifier, and whether the
LLM tagger is configured. Neither calls anything outside this service (health never spends the
operator's OpenRouter credits), and neither names an account."""

from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import col, select

from core.db import session_scope
from core.health import Check
from core.settings import Settings
from core.tagging import llm
from core.tagging.classifier import current_version
from core.tagging.models import Tag, TagModel


def _counts(settings: Settings) -> tuple[int, int]:
    with session_scope(settings) as session:
        trained = session.exec(
            select(func.count())
            .select_from(TagModel)
            .where(col(TagModel.sklearn_version) == current_version(), col(TagModel.documents) > 0)
        ).one()
        tagging = session.exec(select(func.count(func.distinct(Tag.account_id)))).one()
    return int(trained), int(tagging)


def classifier_check(settings: Settings) -> Check:
    async def check() -> tuple[str, str]:
        trained, tagging = await asyncio.to_thread(_counts, settings)
        return "ok", (
            f"trained for {trained} of {tagging} account(s) with tags "
            f"(scikit-learn {current_version()})"
        )

    return check


def llm_check(settings: Settings) -> Check:
    async def check() -> tuple[str, str]:
        if not llm.configured(settings):
            return "ok", "off: no CASGATE_OPENROUTER_API_KEY"
        return "ok", f"configured: {settings.openrouter_model} (not called by health checks)"

    return check
