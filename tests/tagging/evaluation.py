"""Scoring taggers on generated labelled documents: the account is taught with confirmed
documents, then each tagger (and the pipeline) tags unseen ones; precision and recall are
micro-averaged over (document, tag) pairs. Shared by ``bench/tagging.py`` and the tests."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.accounts.principal import Principal
from core.settings import Settings
from core.tagging import TagFields, TagPipeline, create_tag, set_document_tags
from core.tagging.document_tags import Assignment
from core.tagging.pipeline import rule_tags
from core.tagging.training import document_text, retrain, wait_for_training
from tests.tagging.corpus import TAGS, Labelled, corpus
from tests.tagging.helpers import store

#: the keyword rules a person would plausibly write for each tag: each misses some phrasings
#: and fires on some other kinds (see the corpus' docstring)
RULES: dict[str, tuple[str, str]] = {
    "bank": ("any", "bank"),
    "gst": ("literal", "gstin"),
    "housing": ("any", "rent electricity"),
    "income": ("any", "income salary"),
    "insurance": ("any", "insurance policy"),
    "investment": ("any", "folio fund"),
    "invoice": ("any", "invoice"),
    "rent": ("any", "rent"),
    "salary": ("any", "salary"),
    "tax": ("any", "tax"),
    "utility": ("any", "bill"),
}


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(truth: Iterable[frozenset[str]], found: Iterable[set[str]]) -> Score:
    hits = wrong = missed = 0
    for want, got in zip(truth, found, strict=True):
        hits += len(want & got)
        wrong += len(got - want)
        missed += len(want - got)
    return Score(
        hits / (hits + wrong) if hits + wrong else 0.0,
        hits / (hits + missed) if hits + missed else 0.0,
    )


async def teach(
    settings: Settings, principal: Principal, documents: list[Labelled]
) -> Counter[str]:
    """Create the tags with their rules, store and confirm ``documents``, train; the number of
    examples of each tag."""
    for name in TAGS:
        algorithm, match = RULES[name]
        await create_tag(principal, TagFields(name=name, match_algorithm=algorithm, match=match),
                         settings=settings)  # fmt: skip
    account_id = principal.account_id or ""
    for labelled in documents:
        doc_id = store(settings, account_id, labelled)
        await set_document_tags(principal, doc_id, sorted(labelled.tags), settings=settings)
    wait_for_training()
    await asyncio.to_thread(retrain, settings, account_id)
    return Counter(tag for labelled in documents for tag in labelled.tags)


def taggers(
    pipeline: TagPipeline, account_id: str
) -> dict[str, Callable[[Labelled], list[Assignment]]]:
    tags = pipeline.auto_tags(account_id)

    def text(labelled: Labelled) -> str:
        return document_text(labelled.filename, "UNKNOWN", labelled.text)

    return {
        "rules": lambda d: rule_tags(tags, text(d)),
        "classifier": lambda d: pipeline.classifier_tags(account_id, tags, text(d)),
        "llm": lambda d: pipeline.llm_tags(account_id, tags, text(d))[0],
        "pipeline": lambda d: pipeline.run(account_id, d.filename, "UNKNOWN", d.text).assignments,
    }


def evaluate(
    pipeline: TagPipeline, account_id: str, unseen: list[Labelled], names: Iterable[str]
) -> dict[str, Score]:
    every = taggers(pipeline, account_id)
    return {
        name: score((d.tags for d in unseen), ({a.name for a in every[name](d)} for d in unseen))
        for name in names
    }


def split(train: int, test: int) -> tuple[list[Labelled], list[Labelled]]:
    return corpus(train), corpus(test, start=100_000)
