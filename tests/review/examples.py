"""The example workflows shipped in the README, read from it (so the README's JSON is what the
tests run)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[2] / "README.md"
_BLOCK = re.compile(r"<!-- example-workflow: (\w+) -->\n```json\n(.*?)\n```", re.S)


def example_workflows() -> dict[str, dict[str, Any]]:
    return {name: json.loads(body) for name, body in _BLOCK.findall(README.read_text())}
