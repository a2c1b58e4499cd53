"""Google (OAuth 2.0 + Gmail API v1) and Microsoft (identity platform v2.0 + Graph v1.0) on
loopback, speaking the documented protocols as far as casgate uses them:

* the consent page issues a code and redirects (302) to ``redirect_uri`` with ``code`` and
  ``state`` (or ``error=access_denied`` when the test says the user declined);
* the token endpoint checks the client, the code, ``redirect_uri`` and the PKCE S256
  ``code_verifier``; refreshing with a revoked refresh token answers 400 ``invalid_grant``;
  Microsoft rotates refresh tokens and sends an ID token with the e-mail;
* Google's revocation endpoint revokes a refresh token and its access tokens;
* the APIs answer 401 to a missing, unknown or revoked bearer token; Gmail's search reads
  ``from:(a OR b) after:Y/M/D before:Y/M/D``, Graph's ``$filter`` its date range and senders;
  attachments are fetched on their own (Gmail ``attachments/{id}``, Graph ``/attachments``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.inbox.mail import Mail

CLIENT_ID = "casgate-test-client"
CLIENT_SECRET = "casgate-test-secret"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Grant:
    refresh_token: str
    email: str
    revoked: bool = False
    access_tokens: set[str] = field(default_factory=set)


@dataclass
class PendingCode:
    redirect_uri: str
    challenge: str
    email: str


class FakeProvider:
    """One provider (``flavour`` google or microsoft) with one mailbox per e-mail address."""

    def __init__(self, flavour: str, email: str = "investor@example.com") -> None:
        self.flavour = flavour
        self.email = email
        self.mail: list[Mail] = []
        self.decline = False
        self.codes: dict[str, PendingCode] = {}
        self.grants: dict[str, Grant] = {}
        self.calls: list[tuple[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.failures_before_success = 0
        #: Message-IDs that the search still finds but that were deleted before being read
        self.vanished: set[str] = set()
        #: seconds every API answer waits (a slow provider)
        self.delay_seconds = 0.0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def settings(self) -> dict[str, object]:
        """casgate settings pointing at this fake."""
        if self.flavour == "google":
            return {
                "gmail_client_id": CLIENT_ID,
                "gmail_client_secret": CLIENT_SECRET,
                "gmail_auth_url": f"{self.url}/o/oauth2/v2/auth",
                "gmail_token_url": f"{self.url}/token",
                "gmail_revoke_url": f"{self.url}/revoke",
                "gmail_api_base_url": self.url,
            }
        return {
            "outlook_client_id": CLIENT_ID,
            "outlook_client_secret": CLIENT_SECRET,
            "outlook_login_base_url": f"{self.url}/common",
            "outlook_graph_base_url": self.url,
        }

    def revoke_all(self) -> None:
        """The user removes the app's access in their account settings."""
        with self._lock:
            for grant in self.grants.values():
                grant.revoked = True

    # ------------------------------------------------------------------ OAuth
    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, b"invalid_request"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}, b"PKCE required"
        target = query["redirect_uri"]
        if self.decline:
            values = {"error": "access_denied", "state": query.get("state", "")}
        else:
            code = secrets.token_urlsafe(16)
            with self._lock:
                self.codes[code] = PendingCode(target, query["code_challenge"], self.email)
            values = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{target}?{urlencode(values)}"}, b""

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        with self._lock:
            if form.get("grant_type") == "authorization_code":
                pending = self.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                digest = _b64url(hashlib.sha256(verifier.encode()).digest())
                if (
                    pending is None
                    or pending.redirect_uri != form.get("redirect_uri")
                    or digest != pending.challenge
                ):
                    return 400, {"error": "invalid_grant"}
                grant = Grant(secrets.token_urlsafe(24), pending.email)
            elif form.get("grant_type") == "refresh_token":
                found = self.grants.get(form.get("refresh_token", ""))
                if found is None or found.revoked:
                    return 400, {"error": "invalid_grant", "error_description": "revoked"}
                grant = found
                if self.flavour == "microsoft":  # Microsoft rotates refresh tokens
                    del self.grants[grant.refresh_token]
                    grant.refresh_token = secrets.token_urlsafe(24)
            else:
                return 400, {"error": "unsupported_grant_type"}
            access = secrets.token_urlsafe(24)
            grant.access_tokens.add(access)
            self.grants[grant.refresh_token] = grant
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 3599,
            "refresh_token": grant.refresh_token,
        }
        if self.flavour == "microsoft":
            claims = {"email": grant.email, "preferred_username": grant.email}
            body["id_token"] = (
                ".".join([_b64url(b'{"alg":"none"}'), _b64url(json.dumps(claims).encode()), ""])
                + "sig"
            )
        return 200, body

    def _revoke(self, form: dict[str, str]) -> int:
        with self._lock:
            for grant in self.grants.values():
                if (
                    form.get("token") == grant.refresh_token
                    or form.get("token") in grant.access_tokens
                ):
                    grant.revoked = True
                    return 200
        return 400

    def _bearer(self, header: str) -> Grant | None:
        token = header.removeprefix("Bearer ").strip()
        with self._lock:
            for grant in self.grants.values():
                if token in grant.access_tokens and not grant.revoked:
                    return grant
        return None

    # ------------------------------------------------------------------ mail APIs
    def _mail_by(self, provider_id: str) -> Mail | None:
        found = next((m for m in self.mail if _provider_id(m) == provider_id), None)
        return None if found is None or found.message_id in self.vanished else found

    def _gmail(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        rest = path.removeprefix("/gmail/v1/users/me")
        if rest == "/profile":
            return 200, {"emailAddress": self.email, "messagesTotal": len(self.mail)}
        if rest == "/messages":
            found = [m for m in self.mail if _gmail_matches(m, query.get("q", ""))]
            return 200, {
                "messages": [{"id": _provider_id(m), "threadId": _provider_id(m)} for m in found],
                "resultSizeEstimate": len(found),
            }
        match = re.fullmatch(r"/messages/([^/]+)(?:/attachments/([^/]+))?", rest)
        mail = self._mail_by(match.group(1)) if match else None
        if match is None or mail is None:
            return 404, {"error": {"code": 404, "message": "Requested entity was not found."}}
        if match.group(2) is not None:
            index = int(match.group(2).removeprefix("att"))
            data = mail.attachments[index][1]
            return 200, {"size": len(data), "data": _b64url(data)}
        headers = [
            {"name": "From", "value": f"Statements <{mail.sender}>"},
            {"name": "Message-ID", "value": mail.message_id},
            {"name": "Date", "value": mail.day.strftime("%a, %d %b %Y 09:30:00 +0000")},
            {"name": "Subject", "value": mail.subject},
        ]
        parts = [
            {
                "partId": "0",
                "mimeType": "text/plain",
                "filename": "",
                "body": {"size": 5, "data": _b64url(b"hello")},
            }
        ]
        for index, (name, data) in enumerate(mail.attachments):
            parts.append(
                {
                    "partId": str(index + 1),
                    "mimeType": "application/pdf",
                    "filename": name,
                    "body": {"attachmentId": f"att{index}", "size": len(data)},
                }
            )
        payload = {"mimeType": "multipart/mixed", "headers": headers, "parts": parts}
        return 200, {"id": _provider_id(mail), "payload": payload}

    def _graph(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        rest = path.removeprefix("/v1.0/me")
        if rest == "/messages":
            found = [m for m in self.mail if _graph_matches(m, query.get("$filter", ""))]
            return 200, {
                "value": [
                    {
                        "id": _provider_id(m),
                        "internetMessageId": m.message_id,
                        "from": {"emailAddress": {"address": m.sender, "name": "Statements"}},
                        "receivedDateTime": f"{m.day.isoformat()}T09:30:00Z",
                    }
                    for m in found
                ]
            }
        match = re.fullmatch(r"/messages/([^/]+)/attachments", rest)
        mail = self._mail_by(match.group(1)) if match else None
        if mail is None:
            return 404, {"error": {"code": "ErrorItemNotFound", "message": "Not found."}}
        return 200, {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.fileAttachment",
                    "name": name,
                    "contentType": "application/pdf",
                    "size": len(data),
                    "contentBytes": base64.b64encode(data).decode(),
                }
                for name, data in mail.attachments
            ]
        }

    # ------------------------------------------------------------------ HTTP
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _flaky(self) -> bool:
                with fake._lock:
                    if fake.failures_before_success > 0:
                        fake.failures_before_success -= 1
                        self._send(503, {"error": "backendError"})
                        return True
                return False

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fake.calls.append(("GET", parts.path))
                if parts.path.endswith("/auth") or parts.path.endswith("/authorize"):
                    status, headers, body = fake._authorize(query)
                    self._send(status, body, headers)
                    return
                if self._flaky():
                    return
                if fake.delay_seconds:
                    time.sleep(fake.delay_seconds)
                if fake._bearer(self.headers.get("Authorization", "")) is None:
                    self._send(401, {"error": {"code": 401, "message": "Invalid Credentials"}})
                    return
                if parts.path.startswith("/gmail/") and fake.flavour == "google":
                    self._send(*fake._gmail(parts.path, query))
                elif parts.path.startswith("/v1.0/") and fake.flavour == "microsoft":
                    self._send(*fake._graph(parts.path, query))
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                path = urlsplit(self.path).path
                fake.calls.append(("POST", path))
                if path.endswith("/token"):
                    self._send(*fake._token(form))
                elif path == "/revoke" and fake.flavour == "google":
                    self._send(fake._revoke(form), {})
                else:
                    self._send(404, {"error": "not found"})

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _provider_id(mail: Mail) -> str:
    return hashlib.sha1(mail.message_id.encode()).hexdigest()[:16]


def _gmail_matches(mail: Mail, q: str) -> bool:
    senders = re.search(r"from:\(([^)]*)\)", q)
    after = re.search(r"after:(\d{4})/(\d{2})/(\d{2})", q)
    before = re.search(r"before:(\d{4})/(\d{2})/(\d{2})", q)
    wanted = {s.strip().lower() for s in senders.group(1).split(" OR ")} if senders else None
    if wanted is not None and mail.sender.lower() not in wanted:
        return False
    if after and mail.day < date(*map(int, after.groups())):
        return False
    if before and mail.day >= date(*map(int, before.groups())):
        return False
    return "has:attachment" not in q or bool(mail.attachments)


def _graph_matches(mail: Mail, odata: str) -> bool:
    since = re.search(r"receivedDateTime ge (\d{4}-\d{2}-\d{2})", odata)
    until = re.search(r"receivedDateTime lt (\d{4}-\d{2}-\d{2})", odata)
    senders = set(re.findall(r"from/emailAddress/address eq '([^']+)'", odata))
    if since and mail.day < date.fromisoformat(since.group(1)):
        return False
    if until and mail.day >= date.fromisoformat(until.group(1)):
        return False
    if senders and mail.sender.lower() not in {s.lower() for s in senders}:
        return False
    return "hasAttachments eq true" not in odata or bool(mail.attachments)
