"""The tag REST paths through the real gateway: JSON bodies in and out, PATCH bindings, the
history filter as a query parameter, and the error body of each failure."""

from __future__ import annotations

import httpx
import pytest

from core.accounts import create_key
from tests.conftest import Stack
from tests.tagging.corpus import document
from tests.tagging.helpers import store

pytestmark = pytest.mark.e2e


def test_tags_over_rest(stack: Stack) -> None:
    info, key = create_key("tags e2e", 10, settings=stack.server.settings)
    doc_id = store(stack.server.settings, info.account_id, document(3))
    with httpx.Client(base_url=stack.url, headers={"x-api-key": key}, timeout=30) as client:
        created = client.post(
            "/api/tags", json={"name": "tax", "match_algorithm": "any", "match": "tax income"}
        )
        assert created.status_code == 200, created.text
        tag = created.json()
        assert (tag["name"], tag["match_algorithm"], tag["auto_assign"]) == ("tax", "any", True)
        assert tag["created_at"].endswith("Z")

        duplicate = client.post("/api/tags", json={"name": "tax"})
        assert duplicate.status_code == 409
        assert duplicate.json()["status"] == "failed" and "tax" in duplicate.json()["msg"]
        bad = client.post("/api/tags", json={"name": "x", "match_algorithm": "regex", "match": "("})
        assert bad.status_code == 400 and bad.json()["status"] == "failed"

        patched = client.patch(f"/api/tags/{tag['id']}", json={"auto_assign": False})
        assert patched.status_code == 200 and patched.json()["auto_assign"] is False
        assert patched.json()["match"] == "tax income"
        assert [t["name"] for t in client.get("/api/tags").json()["tags"]] == ["tax"]

        confirmed = client.patch(f"/api/history/documents/{doc_id}/tags", json={"tags": ["tax"]})
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["tags"] == [
            {"name": "tax", "source": "user", "confidence": 1.0, "confirmed": True}
        ]
        listed = client.get("/api/history/documents", params={"tag": "tax"}).json()
        assert [d["id"] for d in listed["documents"]] == [doc_id]
        assert client.get("/api/history/stats").json()["by_tag"] == {"tax": 1}

        assert client.delete(f"/api/tags/{tag['id']}").json()["status"] == "success"
        missing = client.delete(f"/api/tags/{tag['id']}")
        assert missing.status_code == 404 and missing.json()["msg"] == "Tag not found"
    assert httpx.get(f"{stack.url}/api/tags").status_code == 401
