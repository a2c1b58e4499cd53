"""Whether a parse is complete, from the statement's own printed totals.

Each parser runs its reconciliation checks per section of the response (a folio's running
balance, an account's holdings against its printed value, the portfolio against its printed
total); a section whose check says anything is incomplete, and the response says so in
``meta.complete`` / ``meta.incomplete_sections`` besides the warnings' prose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Meta


def mark(meta: Meta, checks: Mapping[str, Sequence[str]]) -> Meta:
    """``meta`` with ``complete`` set, and the sections whose checks found mismatches."""
    incomplete = sorted(section for section, found in checks.items() if found)
    meta.complete = not incomplete
    meta.incomplete_sections = incomplete or None
    return meta
