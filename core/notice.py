"""The answer of a call that only does something (delete, revoke, sign out)."""

from __future__ import annotations

from core.views import View


class Notice(View):
    """What was done, in a sentence for people."""

    msg: str
