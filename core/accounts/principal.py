"""Who is calling: the result of authentication, passed to every account-aware function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The documented key that always authenticates, spends nothing and answers with sample data.
SANDBOX_API_KEY = "sandbox-with-json-responses"

PrincipalKind = Literal["api_key", "access_token", "user", "sandbox"]


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller.

    ``kind`` says which credential was shown: an API key, an ``at_`` access token derived from
    one (``key_id`` is then the key it was issued from), a user's JWT, or the sandbox key.
    """

    kind: PrincipalKind
    #: the owning account; ``None`` only for the sandbox, which owns nothing
    account_id: str | None
    key_id: str | None = None
    user_id: str | None = None
    #: the API key in masked form (``abc1****ef23``), when a key is involved
    masked_key: str | None = None
    #: the sign-in session of a user's JWT (what ``logout`` revokes)
    session_id: str | None = None

    @property
    def is_sandbox(self) -> bool:
        return self.kind == "sandbox"

    @property
    def via_access_token(self) -> bool:
        return self.kind == "access_token"


SANDBOX_PRINCIPAL = Principal(
    kind="sandbox", account_id=None, key_id=None, masked_key="sand****nses"
)
