"""Batch passwords at rest: sealed to the server secret and to their document."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.batch.sealing import SealBroken, seal, unseal
from core.settings import Settings


def test_a_sealed_password_opens_only_with_the_same_secret_and_document(tmp_path: Path) -> None:
    ours = Settings(data_dir=tmp_path, jwt_secret="a" * 48)
    sealed = seal("ABCDE1234F", ours, context="item-1")
    assert sealed is not None and "ABCDE1234F" not in sealed
    assert unseal(sealed, ours, context="item-1") == "ABCDE1234F"
    with pytest.raises(SealBroken):
        unseal(sealed, ours, context="item-2")
    with pytest.raises(SealBroken) as broken:
        unseal(sealed, Settings(data_dir=tmp_path, jwt_secret="b" * 48), context="item-1")
    assert "secret" in broken.value.message
