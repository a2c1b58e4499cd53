"""``Label : value`` pairs in running text, whatever the case, spacing or known alias of a label.

CDSL prints account details and folio descriptions as such pairs, two or three to a line or one
per line, in title or upper case, depending on the year.
"""

from __future__ import annotations

import re


def _key(label: str) -> str:
    return re.sub(r"[\s\-_.]+", "", label).lower()


class Labelled:
    """Reads the pairs whose labels are among ``aliases`` (canonical name → spellings)."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self._canonical = {_key(a): name for name, names in aliases.items() for a in (name, *names)}
        spellings = sorted({a for name, names in aliases.items() for a in (name, *names)}, key=len)
        alternatives = "|".join(
            r"[\s\-]*".join(re.escape(part) for part in re.split(r"[\s\-]+", s))
            for s in reversed(spellings)
        )
        self._pattern = re.compile(
            rf"(?<![A-Za-z])({alternatives})\s*:\s*(.*?)(?=\s+(?:{alternatives})\s*:|$)", re.I
        )

    def fields(self, text: str) -> dict[str, str]:
        return {self._canonical[_key(label)]: value for label, value in self._pattern.findall(text)}
