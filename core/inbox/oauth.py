"""OAuth 2.0 authorisation-code flow with PKCE (RFC 6749, RFC 7636) against Google and the
Microsoft identity platform: the consent URL, the code exchange, refreshing and revoking.

Read-only scopes only: Gmail ``gmail.readonly``; Microsoft Graph ``Mail.Read`` (with
``offline_access`` for a refresh token and ``openid email`` for the address in the ID token).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from core.errors import BadRequest, ServiceUnavailable
from core.settings import Settings

from .http import ReconnectRequired, checked, client, request

GMAIL_SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
OUTLOOK_SCOPES = "openid email offline_access https://graph.microsoft.com/Mail.Read"
OAUTH_PROVIDERS = ("gmail", "outlook")


@dataclass(frozen=True)
class Provider:
    name: str
    client_id: str
    client_secret: str
    auth_url: str
    token_url: str
    #: ``None``: the provider has no per-application revocation endpoint (Microsoft)
    revoke_url: str | None
    scope: str
    extra: dict[str, str]


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    #: claims of the ID token, when the provider sent one (read, not verified: it came straight
    #: from the token endpoint over the connection casgate opened, OpenID Connect §3.1.3.7)
    id_claims: dict[str, object]


def provider(name: str, settings: Settings) -> Provider:
    """The configured provider ``name``; ``BadRequest`` when it is unknown or has no client."""
    if name == "gmail":
        found = Provider(
            "gmail",
            settings.gmail_client_id,
            settings.gmail_client_secret,
            settings.gmail_auth_url,
            settings.gmail_token_url,
            settings.gmail_revoke_url,
            GMAIL_SCOPE,
            # offline access (a refresh token), asked again on every consent so one is sent
            {"access_type": "offline", "prompt": "consent"},
        )
        setting = "CASGATE_GMAIL_CLIENT_ID"
    elif name == "outlook":
        base = settings.outlook_login_base_url.rstrip("/")
        found = Provider(
            "outlook",
            settings.outlook_client_id,
            settings.outlook_client_secret,
            f"{base}/oauth2/v2.0/authorize",
            f"{base}/oauth2/v2.0/token",
            None,
            OUTLOOK_SCOPES,
            {"response_mode": "query"},
        )
        setting = "CASGATE_OUTLOOK_CLIENT_ID"
    else:
        raise BadRequest(f"provider must be gmail, outlook or imap, not {name!r}.")
    if not found.client_id:
        raise BadRequest(f"{name} import is not configured on this server ({setting} is empty).")
    return found


def new_verifier() -> str:
    """A PKCE code verifier: 43 characters of the unreserved alphabet (RFC 7636 §4.1)."""
    return secrets.token_urlsafe(32)


def challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier``."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def consent_url(found: Provider, *, state: str, verifier: str, callback: str) -> str:
    query = {
        "client_id": found.client_id,
        "response_type": "code",
        "redirect_uri": callback,
        "scope": found.scope,
        "state": state,
        "code_challenge": challenge(verifier),
        "code_challenge_method": "S256",
        **found.extra,
    }
    return f"{found.auth_url}?{urlencode(query)}"


def _claims(id_token: object) -> dict[str, object]:
    if not isinstance(id_token, str) or id_token.count(".") != 2:
        return {}
    payload = id_token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}


async def _token_call(
    found: Provider, settings: Settings, form: dict[str, str]
) -> dict[str, object]:
    form = {**form, "client_id": found.client_id, "client_secret": found.client_secret}
    async with client(settings) as http:
        response = await request(http, settings, "POST", found.token_url, data=form)
    if response.status_code in (400, 401):
        # invalid_grant: the code or refresh token was revoked, expired or already used
        raise ReconnectRequired()
    body = checked(response, "the token request")
    if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
        raise ServiceUnavailable("The mail provider's token answer has no access_token.")
    return body


async def exchange_code(
    found: Provider, settings: Settings, *, code: str, verifier: str, callback: str
) -> Tokens:
    """The tokens for an authorisation ``code``; ``ReconnectRequired`` when it is refused."""
    body = await _token_call(
        found,
        settings,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": callback,
            "code_verifier": verifier,
        },
    )
    refresh = body.get("refresh_token")
    if not isinstance(refresh, str) or not refresh:
        raise ServiceUnavailable("The mail provider granted no refresh token (offline access).")
    return Tokens(str(body["access_token"]), refresh, _claims(body.get("id_token")))


async def access_token(found: Provider, settings: Settings, refresh_token: str) -> Tokens:
    """A fresh access token; ``ReconnectRequired`` when the refresh token is revoked or expired.
    A rotated refresh token (Microsoft rotates them) comes back in ``refresh_token``."""
    body = await _token_call(
        found, settings, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    rotated = body.get("refresh_token")
    return Tokens(
        str(body["access_token"]),
        rotated if isinstance(rotated, str) and rotated else refresh_token,
        _claims(body.get("id_token")),
    )


async def revoke(found: Provider, settings: Settings, token: str) -> None:
    """Revoke ``token`` upstream (Google's revocation endpoint, RFC 7009). A token the provider
    already forgot (400) counts as revoked."""
    if found.revoke_url is None:
        return
    async with client(settings) as http:
        response = await request(http, settings, "POST", found.revoke_url, data={"token": token})
    if response.status_code >= 500:
        raise ServiceUnavailable("The mail provider could not revoke the access; try again.")
