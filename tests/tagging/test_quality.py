"""With 20 confirmed examples per tag, the classifier beats the keyword rules alone on unseen
documents, and the pipeline (rules + classifier) is at least as good as the rules."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.tagging import TagPipeline
from tests.batch.conftest import Account
from tests.tagging.evaluation import evaluate, split, teach


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # scores, not storage
async def test_the_classifier_beats_rules_at_20_examples_per_tag(
    settings: Settings, account: Account
) -> None:
    principal = account.principal
    train, unseen = split(160, 120)  # 8 kinds: 20 documents of each
    examples = await teach(settings, principal, train)
    assert min(examples.values()) >= 20
    scores = evaluate(
        TagPipeline(settings),
        principal.account_id or "",
        unseen,
        ["rules", "classifier", "pipeline"],
    )
    assert scores["classifier"].f1 > scores["rules"].f1
    assert scores["classifier"].recall > scores["rules"].recall
    assert scores["pipeline"].recall >= scores["rules"].recall
