"""Microsoft Graph (v1.0) as the importer uses it: the statement senders' messages in a date
range and their file attachments."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from core.errors import ServiceUnavailable
from core.settings import Settings

from .http import checked, request
from .messages import FoundAttachment, is_pdf

_FILE = "#microsoft.graph.fileAttachment"


def message_filter(senders: list[str], start: date, end: date) -> str:
    """An OData ``$filter``: any of the senders, received from ``start`` to ``end`` inclusive."""
    since = datetime.combine(start, time(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    until = datetime.combine(end + timedelta(days=1), time(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    anyone = " or ".join(f"from/emailAddress/address eq '{s}'" for s in senders)
    return (
        f"receivedDateTime ge {since} and receivedDateTime lt {until} "
        f"and hasAttachments eq true and ({anyone})"
    )


class Graph:
    def __init__(self, http: httpx.AsyncClient, settings: Settings, access_token: str) -> None:
        self._http = http
        self._settings = settings
        self._base = f"{settings.outlook_graph_base_url.rstrip('/')}/v1.0/me"
        self._auth = {"Authorization": f"Bearer {access_token}"}

    async def _get(self, url: str, what: str, params: dict[str, Any] | None = None) -> Any:
        # a next link is followed only where the configured Graph lives
        if not url.startswith(self._base):
            raise ServiceUnavailable("Microsoft Graph answered a next page outside its own API.")
        response = await request(
            self._http, self._settings, "GET", url, params=params, headers=self._auth
        )
        return checked(response, what)

    async def find(
        self, senders: list[str], start: date, end: date, limit: int
    ) -> list[FoundAttachment]:
        found: list[FoundAttachment] = []
        url = f"{self._base}/messages"
        params: dict[str, Any] | None = {
            "$filter": message_filter(senders, start, end),
            "$select": "id,internetMessageId,from,receivedDateTime",
            "$top": 50,
        }
        while url and len(found) < limit:
            page = await self._get(url, "the message search", params)
            for message in page.get("value") or []:
                found += await self._attachments(message)
                if len(found) >= limit:
                    break
            url, params = str(page.get("@odata.nextLink") or ""), None
        return found[:limit]

    async def _attachments(self, message: dict[str, Any]) -> list[FoundAttachment]:
        graph_id = str(message["id"])
        sender = str(((message.get("from") or {}).get("emailAddress") or {}).get("address", ""))
        received = str(message.get("receivedDateTime") or "")
        when = date.fromisoformat(received[:10]) if len(received) >= 10 else None
        message_id = str(message.get("internetMessageId") or f"<{graph_id}@graph>")
        page = await self._get(f"{self._base}/messages/{graph_id}/attachments", "the attachments")
        found = []
        for item in page.get("value") or []:
            if item.get("@odata.type") != _FILE or not item.get("contentBytes"):
                continue
            data = base64.b64decode(str(item["contentBytes"]))
            if is_pdf(data):
                name = str(item.get("name") or "statement.pdf")
                found.append(FoundAttachment(message_id, sender.lower(), when, name, data))
        return found
