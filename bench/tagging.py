"""Tagging quality: precision and recall of each tagger (keyword rules, the trained classifier,
the LLM) and of the pipeline, on generated labelled documents of eight kinds.

    .venv/bin/python -m bench.tagging [--train 300] [--test 300]

The account is taught with ``--train`` confirmed documents (the classifier trains on them), then
every tagger tags ``--test`` unseen ones. The rules are the keyword rules a person would write
(``tests/tagging/evaluation.py``). The LLM tagger runs against the loopback fake OpenRouter of the
tests (a stand-in that names the offered tags found in the text), unless
``CASGATE_OPENROUTER_API_KEY`` is set, when it calls the configured model for real.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.migrate import upgrade
from core.settings import Settings
from core.tagging import TagPipeline
from tests.tagging.evaluation import evaluate, split, teach
from tests.tagging.fake_openrouter import KEY, FakeOpenRouter


async def main(train_count: int, test_count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url="", rate_limit_per_minute=10**6)
        fake = None
        if not settings.openrouter_api_key:
            fake = FakeOpenRouter().start()
            settings = settings.model_copy(
                update={"openrouter_base_url": fake.base_url, "openrouter_api_key": KEY}
            )
        upgrade(settings)
        _, secret = create_key("bench", 0, settings=settings)
        principal = authenticate(secret, None, settings=settings)
        train, unseen = split(train_count, test_count)
        started = time.perf_counter()
        examples = await teach(settings, principal, train)
        seconds = time.perf_counter() - started
        low, high = min(examples.values()), max(examples.values())
        print(f"taught {len(train)} confirmed documents in {seconds:.1f} s")
        print(f"confirmed examples per tag: {low} to {high}")
        llm = "fake OpenRouter on loopback" if fake else settings.openrouter_model
        names = ["rules", "classifier", "llm", "pipeline"]
        started = time.perf_counter()
        scores = evaluate(TagPipeline(settings), principal.account_id or "", unseen, names)
        elapsed = time.perf_counter() - started
        print(f"{len(unseen)} unseen documents ({elapsed:.1f} s for all taggers); LLM: {llm}")
        print(f"{'tagger':<12}{'precision':>10}{'recall':>10}{'F1':>8}")
        for name in names:
            s = scores[name]
            print(f"{name:<12}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}")
        if fake:
            fake.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=300)
    parser.add_argument("--test", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.train, args.test))
