"""Batch sources: parsing the request (dicts or the CSV template), the batch root, path
validation, and reading a source's bytes when its document is processed.

Server-side paths are an operator capability. The operator's account (the one of
``CASGATE_BOOTSTRAP_API_KEY``) may use the whole batch root; any other account only its
own folder ``<batch root>/<account id>/``, and only once the operator has created it. Without
that folder its paths are refused with 403, so no tenant can list or read another's files.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from core.accounts.bootstrap import is_operator_account
from core.batch.views import PathCheckView
from core.control_chars import TextKind, check_text
from core.errors import BadRequest, Forbidden, NotFound, PayloadTooLarge
from core.settings import Settings

KINDS = ("path", "url", "s3_uri", "upload_id")
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
TEMPLATE_COLUMNS = ("path", "url", "s3_uri", "upload_id", "password")
#: Linux's limits on one path component and on a whole path, in bytes
NAME_MAX = 255
PATH_MAX = 4096


@dataclass(frozen=True)
class Source:
    """One document of a batch, as requested."""

    kind: str  # path | url | s3_uri | upload_id
    ref: str
    password: str | None = None
    #: an upload's original file name, when it was uploaded with one
    name: str | None = None

    @property
    def display(self) -> str:
        """How the source is shown back to its owner (never with the password): an upload by
        its original file name, else ``upload:<id>``."""
        if self.kind == "upload_id":
            return self.name or f"upload:{self.ref}"
        return self.ref

    @property
    def filename(self) -> str:
        if self.kind == "upload_id":
            return self.name or f"upload-{self.ref}.pdf"
        if self.kind == "url":
            name = PurePosixPath(urlparse(self.ref).path).name
        else:
            name = PurePosixPath(self.ref).name
        return (name or "document.pdf")[:500]


class PathScope:
    """Where one account's server-side paths may point; the root is looked up on first use."""

    def __init__(self, settings: Settings, account_id: str) -> None:
        self.settings = settings
        self.account_id = account_id

    @cached_property
    def root(self) -> Path:
        """The account's root; ``BadRequest`` without a batch root, ``Forbidden`` when the
        account was not given paths."""
        root = batch_root(self.settings)
        if is_operator_account(self.account_id, self.settings):
            return root
        own = root / self.account_id
        if not own.is_dir():
            raise Forbidden(
                "server-side paths are not enabled for this account; the operator enables "
                f"them by creating the folder {self.account_id} in the batch root"
            )
        return own.resolve()


def parse_source(raw: dict[str, Any], settings: Settings, paths: PathScope) -> Source:
    """A request's source dict → :class:`Source`; ``BadRequest`` when it is malformed."""
    given = [kind for kind in KINDS if str(raw.get(kind) or "").strip()]
    if len(given) != 1:
        raise BadRequest("each source needs exactly one of path, url, s3_uri or upload_id")
    kind = given[0]
    ref = str(raw[kind]).strip()
    password = str(raw.get("password") or "") or None
    # a CSV field may carry what the request's own check let through as multi-line text
    check_text(f"a source's {kind}", ref)
    check_text("a source's password", password or "", TextKind.SECRET)
    if kind == "path":
        resolve_path(ref, paths)
    elif kind == "url":
        parsed = urlparse(ref)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise BadRequest("a source url must be http(s)")
    elif kind == "s3_uri":
        from core.storage import parse_s3_uri

        bucket, _ = parse_s3_uri(ref)
        if settings.s3_bucket and bucket == settings.s3_bucket:
            raise BadRequest("s3_uri may not point into this service's storage bucket")
    elif not _UPLOAD_ID.match(ref):
        raise BadRequest("upload_id is not a valid upload id")
    else:
        return Source(kind, ref, password, upload_name(settings, paths.account_id, ref))
    return Source(kind, ref, password)


def stored_source(kind: str, ref: str, shown: str) -> Source:
    """The source of a batch item, from its columns (an upload's name is what it shows)."""
    named = kind == "upload_id" and shown != f"upload:{ref}"
    return Source(kind, ref, name=shown if named else None)


#: longest original file name kept for an upload
UPLOAD_NAME_MAX = 255


def clean_upload_name(filename: str) -> str:
    """The last component of a client's file name, without control characters, or ``""``."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip()[:UPLOAD_NAME_MAX]
    try:
        check_text("a file name", name)
    except BadRequest:
        return ""
    return name


def save_upload_name(settings: Settings, account_id: str, upload_id: str, filename: str) -> None:
    """Keep an upload's original name beside it (shown in events, status and history)."""
    from core.storage import get_store

    name = clean_upload_name(filename)
    if name:
        get_store(settings).put(upload_key(account_id, upload_id) + ".name", name.encode())


def upload_name(settings: Settings, account_id: str, upload_id: str) -> str | None:
    """An upload's original name, if it was given one."""
    from core.storage import get_store

    try:
        name = get_store(settings).get(upload_key(account_id, upload_id) + ".name")
    except NotFound:
        return None
    return name.decode("utf-8", "replace") or None


def parse_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV in the template's format (header required; blank rows skipped)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header or not set(header) & set(KINDS):
        raise BadRequest(f"the CSV needs a header naming some of: {', '.join(TEMPLATE_COLUMNS)}")
    unknown = set(header) - set(TEMPLATE_COLUMNS)
    if unknown:
        raise BadRequest(f"unknown CSV columns: {', '.join(sorted(unknown))}")
    rows = []
    for row in reader:
        cleaned = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if any(cleaned.values()):
            rows.append(cleaned)
    return rows


def template_csv() -> str:
    """The CSV template: one source per row, exactly one of the first four columns filled."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(["statements/2024/cas_march.pdf", "", "", "", "ABCDE1234F"])
    writer.writerow(["", "https://example.com/cas.pdf", "", "", ""])
    writer.writerow(["", "", "s3://my-bucket/cas/april.pdf", "", ""])
    writer.writerow(["", "", "", "0123456789abcdef0123456789abcdef", ""])
    return out.getvalue()


def batch_root(settings: Settings) -> Path:
    if not settings.batch_root:
        raise BadRequest("server-side paths are disabled: no batch root is configured")
    return Path(settings.batch_root).resolve()


def resolve_path(given: str, paths: PathScope) -> Path:
    """The real path of ``given`` (absolute, or relative to the account's root), symlinks
    followed; ``BadRequest`` when it lands outside that root."""
    root = paths.root
    if not given or "\x00" in given:
        raise BadRequest("invalid path")
    _check_lengths(given)
    candidate = Path(given)
    real = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if not real.is_relative_to(root):
        raise BadRequest(f"path is outside the batch root: {given}")
    return real


def _check_lengths(given: str) -> None:
    """No file system holds a name over ``NAME_MAX`` bytes or a path over ``PATH_MAX``:
    refuse such a path now, not as ENAMETOOLONG deep inside a worker."""
    if len(given.encode()) >= PATH_MAX:
        raise BadRequest(f"path is {len(given.encode())} bytes long; the limit is {PATH_MAX - 1}")
    for part in PurePosixPath(given).parts:
        if len(part.encode()) > NAME_MAX:
            raise BadRequest(
                f"path has a component of {len(part.encode())} bytes; the limit is {NAME_MAX} "
                f"({part[:40]}…)"
            )


def read_path(given: str, paths: PathScope) -> bytes:
    settings = paths.settings
    path = resolve_path(given, paths)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadRequest(f"not a file: {given}")
        if size > settings.max_upload_bytes:
            raise PayloadTooLarge(
                f"{given} is {size} bytes; the limit is {settings.max_upload_bytes}"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadRequest(f"no such file: {given}") from None
    except PermissionError:
        raise BadRequest(f"not readable: {given}") from None
    except OSError as exc:
        raise BadRequest(f"cannot read {given}: {exc.strerror or 'I/O error'}") from None


def upload_key(account_id: str, upload_id: str) -> str:
    return f"uploads/{account_id}/{upload_id}"


def read_source(source: Source, account_id: str, settings: Settings) -> bytes:
    """The bytes of a source (blocking; runs in a worker thread, never on the event loop)."""
    if source.kind == "path":
        return read_path(source.ref, PathScope(settings, account_id))
    if source.kind == "url":
        from core.url_fetch import fetch_pdf

        return asyncio.run(fetch_pdf(source.ref, settings))
    if source.kind == "s3_uri":
        from core.storage import fetch_s3_uri

        return fetch_s3_uri(source.ref, settings, max_bytes=settings.max_upload_bytes)
    from core.storage import get_store

    try:
        return get_store(settings).get(upload_key(account_id, source.ref))
    except NotFound:
        raise BadRequest("no such upload") from None


def check_path(given: str, paths: PathScope) -> PathCheckView:
    """Exists, readable, is a PDF, size, encrypted; and why the path is not usable."""
    settings = paths.settings
    try:
        path = resolve_path(given, paths)
    except BadRequest as exc:
        return PathCheckView(path=given, error=exc.message)
    try:
        if not path.is_file():
            error = "not a file" if path.exists() else "no such file"
            return PathCheckView(path=given, error=error)
        size = min(path.stat().st_size, 2**31 - 1)
    except OSError as exc:
        return PathCheckView(path=given, error=exc.strerror or "cannot be inspected")
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return PathCheckView(path=given, exists=True, size=size, error="not readable")
    readable = PathCheckView(path=given, exists=True, readable=True, size=size)
    if b"%PDF-" not in head:
        return readable.model_copy(update={"error": "not a PDF"})
    too_large = path.stat().st_size > settings.max_upload_bytes
    return PathCheckView(
        path=given,
        exists=True,
        readable=True,
        size=size,
        is_pdf=True,
        encrypted=_is_encrypted(path),
        error=f"larger than the limit of {settings.max_upload_bytes} bytes" if too_large else None,
    )


def _is_encrypted(path: Path) -> bool:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return bool(pdf.is_encrypted)
    except pikepdf.PasswordError:
        return True
    except Exception:
        return False
