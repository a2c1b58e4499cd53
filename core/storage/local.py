"""Objects as files in a local folder (the default: ``<data_dir>/objects``)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from core.errors import NotFound
from core.private_files import private_dirs
from core.storage.base import check_key


class LocalStore:
    """Each key is a file under ``root``; writes are atomic (written aside, then renamed)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        private_dirs(self.root, path.parent)
        aside = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(aside, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                aside.unlink()
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound("stored object not found") from None

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()
