"""The tagging pipeline: rules, then the account's classifier, then the LLM (when configured),
over a document's metadata and text. Only tags that may be set automatically are considered;
each tag keeps the source that was surest of it (rules count as certain), with that confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import col, select

from core.db import session_scope
from core.settings import Settings
from core.tagging import llm
from core.tagging.document_tags import Assignment
from core.tagging.llm import CallRecord, LlmTagger
from core.tagging.matching import Rule, matches
from core.tagging.models import LlmCall, Tag, TagSource
from core.tagging.training import current_model, document_text

_SOURCE_ORDER = (TagSource.RULE, TagSource.CLASSIFIER, TagSource.LLM)


@dataclass(frozen=True)
class TaggingResult:
    assignments: list[Assignment] = field(default_factory=list)
    #: new tag names the LLM proposed; never applied
    suggested: list[str] = field(default_factory=list)
    #: ids of the ``llm_call`` rows of this run, linked to the document when it is stored
    llm_calls: list[str] = field(default_factory=list)


def rule_tags(tags: Sequence[Tag], text: str) -> list[Assignment]:
    return [
        Assignment(tag.id, tag.name, TagSource.RULE, 1.0)
        for tag in tags
        if matches(Rule(tag.match_algorithm, tag.match, tag.case_sensitive), text)
    ]


def combine(*found: Sequence[Assignment]) -> list[Assignment]:
    """One assignment per tag: the highest confidence, ties to the earlier source."""
    best: dict[str, Assignment] = {}
    for assignment in (a for group in found for a in group):
        kept = best.get(assignment.tag_id)
        if kept is None or (assignment.confidence, -_SOURCE_ORDER.index(assignment.source)) > (
            kept.confidence,
            -_SOURCE_ORDER.index(kept.source),
        ):
            best[assignment.tag_id] = assignment
    return sorted(best.values(), key=lambda a: a.name)


def record_call(
    settings: Settings, account_id: str, call: CallRecord, suggested: Sequence[str] = ()
) -> str:
    """Keep one LLM call's model, tokens, cost, outcome and suggested new tags (for the
    account's usage and the document's tags); its row id."""
    row = LlmCall(
        account_id=account_id,
        model=call.model[:200],
        status_code=call.status_code,
        attempts=call.attempts,
        prompt_tokens=call.prompt_tokens,
        completion_tokens=call.completion_tokens,
        cost=call.cost,
        error=call.error[:500] if call.error else None,
        suggested=list(suggested),
    )
    with session_scope(settings) as session:
        session.add(row)
        return row.id


class TagPipeline:
    """Tags one account's documents; ``llm_tagger`` replaces the configured one (tests)."""

    def __init__(self, settings: Settings, *, llm_tagger: LlmTagger | None = None) -> None:
        self._settings = settings
        self._llm = llm_tagger or (LlmTagger(settings) if llm.configured(settings) else None)

    def auto_tags(self, account_id: str) -> list[Tag]:
        with session_scope(self._settings) as session:
            return list(
                session.exec(
                    select(Tag).where(col(Tag.account_id) == account_id, col(Tag.auto_assign))
                ).all()
            )

    def classifier_tags(self, account_id: str, tags: Sequence[Tag], text: str) -> list[Assignment]:
        model = current_model(self._settings, account_id)
        if model is None:
            return []
        by_id = {tag.id: tag for tag in tags}
        return [
            Assignment(tag_id, by_id[tag_id].name, TagSource.CLASSIFIER, round(p, 4))
            for tag_id, p in model.predict(text).items()
            if tag_id in by_id
        ]

    def llm_tags(
        self, account_id: str, tags: Sequence[Tag], text: str
    ) -> tuple[list[Assignment], list[str], list[str]]:
        """The LLM's tags, its suggested new tags and the id of its recorded call (if any)."""
        if self._llm is None or not tags:
            return [], [], []
        answer = self._llm.suggest(text, [tag.name for tag in tags])
        calls = []
        if answer.call is not None:
            calls.append(record_call(self._settings, account_id, answer.call, answer.suggested))
        by_name = {tag.name: tag for tag in tags}
        found = [
            Assignment(by_name[name].id, name, TagSource.LLM, llm.LLM_CONFIDENCE)
            for name in answer.tags
        ]
        return found, answer.suggested, calls

    def run(self, account_id: str, filename: str, document_type: str, text: str) -> TaggingResult:
        tags = self.auto_tags(account_id)
        if not tags:
            return TaggingResult()
        full = document_text(filename, document_type, text)
        by_llm, suggested, calls = self.llm_tags(account_id, tags, full)
        return TaggingResult(
            combine(rule_tags(tags, full), self.classifier_tags(account_id, tags, full), by_llm),
            suggested,
            calls,
        )
