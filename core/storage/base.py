"""What every object store offers: bytes put, got and deleted by key."""

from __future__ import annotations

import re
from typing import Protocol

from core.errors import BadRequest

#: keys are relative, slash-separated names of safe characters (no ``..``, no leading slash)
_KEY = re.compile(r"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")


def check_key(key: str) -> str:
    """``key`` if it is a safe object name, else ``BadRequest``."""
    if not _KEY.match(key) or any(part in (".", "..") for part in key.split("/")):
        raise BadRequest("invalid object key")
    return key


class ObjectStore(Protocol):
    """Blocking object storage; call it from worker threads in async code."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, replacing what was there."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``NotFound`` when there are none."""

    def delete(self, key: str) -> None:
        """Remove ``key``; deleting a missing key is not an error."""

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds an object."""
