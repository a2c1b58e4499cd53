"""The generated corpus the engine tests share: many small statements and a few big ones."""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.statements import ENCRYPTIONS, GeneratedStatement, generate

SMALL = [
    (issuer, variant, seed)
    for seed, (issuer, variant) in enumerate(
        [
            ("CAMS", "DETAILED"),
            ("KFINTECH", "DETAILED"),
            ("CAMS", "SUMMARY"),
            ("KFINTECH", "SUMMARY"),
        ]
        * 4,
        start=100,
    )
]
BIG = [("CAMS", "DETAILED", 7, 120), ("KFINTECH", "DETAILED", 8, 60)]


@cache
def statement(
    issuer: str, variant: str, seed: int, pages: int = 2, watermark: bool = True
) -> GeneratedStatement:
    encryption = ENCRYPTIONS[seed % len(ENCRYPTIONS)] if seed % 4 else None
    return generate(
        issuer=issuer,
        variant=variant,
        seed=seed,
        pages=pages,
        encryption=encryption,
        watermark=watermark,
    )


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    """Our output minus what the ground truth cannot know (time of parsing, confidence)."""
    out = dict(result)
    meta = dict(out["meta"])
    meta.pop("generated_at", None)
    detection = dict(meta["detection"])
    detection.pop("confidence", None)
    meta["detection"] = detection
    out["meta"] = meta
    # the published shape prints an empty insurance section; the truth of a statement without
    # policies has none
    if out.get("insurance") == {"life_insurance_policies": []}:
        out.pop("insurance")
    return out


def differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every path where two JSON values differ (exact numbers: both come from printed text)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                out += differences(expected[key], actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} items, expected {len(expected)}")
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            out += differences(e, a, f"{path}[{i}]")
        return out
    if expected != actual:
        return [f"{path}: {actual!r} != expected {expected!r}"]
    return []
