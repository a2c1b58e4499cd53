"""Signed download links: what a token grants, and every way a token is refused."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from core import downloads
from core.accounts.keys import create_key
from core.db import utcnow
from core.errors import NotFound
from core.migrate import upgrade
from core.settings import Settings
from core.storage import get_store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    configured = Settings(  # type: ignore[call-arg]
        data_dir=tmp_path, jwt_secret="downloads-test-secret-0123456789abcdef0123456789"
    )
    upgrade(configured)
    return configured


@pytest.fixture
def acct(settings: Settings) -> str:
    """An account's id (stored files belong to one)."""
    return create_key("downloads", 0, settings=settings)[0].account_id


def _token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


async def test_a_published_file_reads_back_through_its_link(settings: Settings, acct: str) -> None:
    data = b"%PDF-1.7 fetched statement " + bytes(range(256))
    link = await downloads.publish_download(acct, data, "CDSL_CAS_2026-10.pdf", settings=settings)
    assert link.url.startswith("http://127.0.0.1:8080/v4/files?token=")
    assert _token_of(link.url) == link.token
    assert link.expires_in == settings.download_url_ttl_seconds
    found = await downloads.read_download(link.token, settings=settings)
    assert (found.data, found.filename, found.content_type) == (
        data,
        "CDSL_CAS_2026-10.pdf",
        "application/pdf",
    )


async def test_the_file_is_sealed_at_rest(settings: Settings, acct: str) -> None:
    data = b"%PDF-1.7 secret holdings of ABCDE1234F"
    link = await downloads.publish_download(acct, data, "a.pdf", settings=settings)
    target = downloads.verify_download(link.token, settings=settings)
    stored = (settings.data_dir / "objects" / target.object_key).read_bytes()
    assert b"ABCDE1234F" not in stored
    assert (settings.data_dir / "objects" / target.object_key).stat().st_mode & 0o077 == 0


def test_public_base_url_shapes_the_link(settings: Settings) -> None:
    configured = settings.model_copy(update={"public_base_url": "https://api.example.com/"})
    link = downloads.sign_download("downloads/a/b.pdf", "b.pdf", settings=configured)
    assert link.url.startswith("https://api.example.com/v4/files?token=")


def test_an_expired_link_is_not_found(settings: Settings) -> None:
    link = downloads.sign_download("downloads/a/b.pdf", "b.pdf", ttl_seconds=60, settings=settings)
    downloads.verify_download(link.token, settings=settings, now=time.time() + 59)
    with pytest.raises(NotFound):
        downloads.verify_download(link.token, settings=settings, now=link.expires_at)


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "x" + t,  # payload changed
        lambda t: t.split(".")[0],  # signature dropped
        lambda t: "",
        lambda t: "not.a.token",
    ],
)
def test_an_altered_token_is_not_found(settings: Settings, alter: object) -> None:
    link = downloads.sign_download("downloads/a/b.pdf", "b.pdf", settings=settings)
    with pytest.raises(NotFound):
        downloads.verify_download(alter(link.token), settings=settings)  # type: ignore[operator]


def test_a_token_of_another_server_secret_is_not_found(settings: Settings) -> None:
    other = settings.model_copy(
        update={"jwt_secret": "another-secret-0123456789abcdef0123456789ab"}
    )
    link = downloads.sign_download("downloads/a/b.pdf", "b.pdf", settings=other)
    with pytest.raises(NotFound):
        downloads.verify_download(link.token, settings=settings)


async def test_a_deleted_file_is_not_found(settings: Settings, acct: str) -> None:
    link = await downloads.publish_download(acct, b"%PDF-1.7", "a.pdf", settings=settings)
    get_store(settings).delete(downloads.verify_download(link.token, settings=settings).object_key)
    with pytest.raises(NotFound):
        await downloads.read_download(link.token, settings=settings)


async def test_files_go_once_their_time_is_up(settings: Settings, acct: str) -> None:
    link = await downloads.publish_download(acct, b"%PDF-1.7", "a.pdf", settings=settings)
    kept = await downloads.publish_download(
        acct, b"%PDF-1.7 b", "b.pdf", ttl_seconds=7200, settings=settings
    )
    assert downloads.purge_expired_downloads(settings) == 0
    later = utcnow() + timedelta(seconds=settings.download_url_ttl_seconds + 1)
    assert downloads.purge_expired_downloads(settings, now=later) == 1
    key = downloads.verify_download(link.token, settings=settings).object_key
    assert not get_store(settings).exists(key)
    found = await downloads.read_download(kept.token, settings=settings)
    assert found.data == b"%PDF-1.7 b"
    assert downloads.purge_expired_downloads(settings, now=later) == 0


def test_file_names_cannot_break_the_header() -> None:
    assert downloads.safe_filename('../../etc/pa"ss\r\nwd.pdf') == "pa_ss__wd.pdf"
    assert downloads.safe_filename("") == "download"


async def test_deleting_the_account_removes_its_download_files(
    settings: Settings, acct: str
) -> None:
    from core.retention import delete_account

    link = await downloads.publish_download(acct, b"%PDF-1.7", "a.pdf", settings=settings)
    key = downloads.verify_download(link.token, settings=settings).object_key
    assert get_store(settings).exists(key)
    delete_account(settings, acct)
    assert not get_store(settings).exists(key)
    with pytest.raises(NotFound):
        await downloads.read_download(link.token, settings=settings)
