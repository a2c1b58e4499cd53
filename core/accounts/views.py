"""What the account functions answer: credits, usage, tokens, users and API keys, named field
for field like the messages of ``account.proto``. Credit amounts are ``Decimal`` here and
numbers in JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from core.accounts.clock import rfc3339
from core.accounts.keys import ApiKeyInfo
from core.views import View

#: credits, exact in core, a JSON number at the edge
CreditAmount = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


def credits_of(milli: int) -> Decimal:
    """Thousandths of a credit (as stored) → credits."""
    return Decimal(milli) / 1000


class CreditsView(View):
    """The credits of the caller's key this month."""

    used: CreditAmount
    remaining: CreditAmount
    limit: CreditAmount
    is_unlimited: bool
    resets_at: str
    enabled_features: list[str]


class UsageLogView(View):
    """One metered call."""

    request_id: str
    feature: str
    path: str
    status_code: int
    credits: CreditAmount
    timestamp: str


class UsageLogsView(View):
    count: int
    logs: list[UsageLogView]


class FeatureUsageView(View):
    feature: str
    credits: CreditAmount
    requests: int


class UsageSummaryView(View):
    total_credits: CreditAmount
    total_requests: int
    by_feature: list[FeatureUsageView]


class UsageReportView(View):
    summary: UsageSummaryView


class AccessTokenView(View):
    """A short-lived ``at_`` token of an API key."""

    access_token: str
    token_type: str
    expires_in: int


class TokenCheckView(View):
    """Whether an access token is good: the key it stands for, or why not."""

    valid: bool
    masked_api_key: str | None = None
    error: str | None = None


class UserView(View):
    id: str
    email: str
    account_id: str
    created_at: str


class ProfileView(View):
    """The signed-in (or just registered) user."""

    user: UserView


class TokenPairView(View):
    """A user session's tokens: a short access token and the refresh token that renews it."""

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class SignInView(TokenPairView):
    """A new session's tokens and whose they are."""

    user: UserView


class ApiKeyView(View):
    """What may be shown about a key after its creation: never the key itself."""

    id: str
    name: str
    masked_key: str
    credits_limit: CreditAmount
    credits_used: CreditAmount
    is_unlimited: bool
    resets_at: str
    enabled_features: list[str]
    created_at: str
    expires_at: str | None = None
    revoked: bool

    @classmethod
    def of(cls, info: ApiKeyInfo) -> ApiKeyView:
        return cls(
            id=info.id,
            name=info.name,
            masked_key=info.masked_key,
            credits_limit=info.credits_limit,
            credits_used=info.credits_used,
            is_unlimited=info.unlimited,
            resets_at=rfc3339(info.resets_at),
            enabled_features=list(info.features),
            created_at=rfc3339(info.created_at),
            expires_at=rfc3339(info.expires_at) if info.expires_at else None,
            revoked=info.revoked_at is not None,
        )


class NewApiKeyView(View):
    """A key just created: the only time its plaintext is shown."""

    key: ApiKeyView
    api_key: str


class ApiKeysView(View):
    keys: list[ApiKeyView]
