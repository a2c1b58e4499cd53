"""The Gmail API (v1) as the importer uses it: the mailbox's address, a search for the
statement senders' messages, each message's parts and its PDF attachments."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import httpx

from core.settings import Settings

from .http import checked, request
from .messages import FoundAttachment, header_date, is_pdf, sender_address


def _b64url(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def search_query(senders: list[str], start: date, end: date) -> str:
    """Gmail's search syntax: any of the senders, on or after ``start``, on or before ``end``
    (``before:`` is exclusive), with an attachment."""
    after = start.strftime("%Y/%m/%d")
    before = (end + timedelta(days=1)).strftime("%Y/%m/%d")
    return f"from:({' OR '.join(senders)}) after:{after} before:{before} has:attachment"


class Gmail:
    def __init__(self, http: httpx.AsyncClient, settings: Settings, access_token: str) -> None:
        self._http = http
        self._settings = settings
        self._base = f"{settings.gmail_api_base_url.rstrip('/')}/gmail/v1/users/me"
        self._auth = {"Authorization": f"Bearer {access_token}"}

    async def _get(self, path: str, what: str, **params: Any) -> Any:
        response = await request(
            self._http,
            self._settings,
            "GET",
            f"{self._base}{path}",
            params=params,
            headers=self._auth,
        )
        if response.status_code == 404 and path.startswith("/messages/"):
            return None  # deleted between the search and this read: skip it
        return checked(response, what)

    async def address(self) -> str:
        profile = await self._get("/profile", "the profile request")
        return str(profile.get("emailAddress", "")).lower()

    async def find(
        self, senders: list[str], start: date, end: date, limit: int
    ) -> list[FoundAttachment]:
        found: list[FoundAttachment] = []
        token = ""
        query = search_query(senders, start, end)
        while len(found) < limit:
            params = {"q": query, "maxResults": 100, **({"pageToken": token} if token else {})}
            page = await self._get("/messages", "the message search", **params)
            for ref in page.get("messages") or []:
                found += await self._attachments(str(ref["id"]))
                if len(found) >= limit:
                    break
            token = str(page.get("nextPageToken") or "")
            if not token:
                break
        return found[:limit]

    async def _attachments(self, gmail_id: str) -> list[FoundAttachment]:
        message = await self._get(f"/messages/{gmail_id}", "the message request", format="full")
        if message is None:
            return []
        payload = message.get("payload") or {}
        headers = {h["name"].lower(): h["value"] for h in payload.get("headers") or []}
        message_id = headers.get("message-id", "") or f"<{gmail_id}@gmail>"
        sender = sender_address(headers.get("from", ""))
        when = header_date(headers.get("date", ""))
        found = []
        for part in _parts(payload):
            body = part.get("body") or {}
            if body.get("attachmentId"):
                fetched = await self._get(
                    f"/messages/{gmail_id}/attachments/{body['attachmentId']}",
                    "the attachment request",
                )
                if fetched is None:
                    continue
                data = _b64url(str(fetched.get("data", "")))
            elif body.get("data"):
                data = _b64url(str(body["data"]))
            else:
                continue
            if is_pdf(data):
                name = str(part.get("filename") or "statement.pdf")
                found.append(FoundAttachment(message_id, sender, when, name, data))
        return found


def _parts(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The leaf parts of a message payload, in order, with a file name or a PDF type."""
    leaves = []
    stack = [payload]
    while stack:
        part = stack.pop(0)
        children = part.get("parts") or []
        if children:
            stack[:0] = children
        elif part.get("filename") or part.get("mimeType") == "application/pdf":
            leaves.append(part)
    return leaves
