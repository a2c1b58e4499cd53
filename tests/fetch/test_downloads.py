"""Signed download links: what a token grants, and every way a token is refused."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from core import downloads
from core.errors import NotFound
from core.settings import Settings
from core.storage import get_store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=tmp_path, jwt_secret="downloads-test-secret-0123456789abcdef0123456789"
    )


def _token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


async def test_a_published_file_reads_back_through_its_link(settings: Settings) -> None:
    data = b"%PDF-1.7 fetched statement " + bytes(range(256))
    link = await downloads.publish_download(
        "acct1", data, "CDSL_CAS_2026-10.pdf", settings=settings
    )
    assert link.url.startswith("http://127.0.0.1:8080/v4/files?token=")
    assert _token_of(link.url) == link.token
    assert link.expires_in == settings.download_url_ttl_seconds
    found = await downloads.read_download(link.token, settings=settings)
    assert (found.data, found.filename, found.content_type) == (
        data,
        "CDSL_CAS_2026-10.pdf",
        "application/pdf",
    )


async def test_the_file_is_sealed_at_rest(settings: Settings) -> None:
    data = b"%PDF-1.7 secret holdings of ABCDE1234F"
    link = await downloads.publish_download("acct1", data, "a.pdf", settings=settings)
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


async def test_a_deleted_file_is_not_found(settings: Settings) -> None:
    link = await downloads.publish_download("acct1", b"%PDF-1.7", "a.pdf", settings=settings)
    get_store(settings).delete(downloads.verify_download(link.token, settings=settings).object_key)
    with pytest.raises(NotFound):
        await downloads.read_download(link.token, settings=settings)


def test_file_names_cannot_break_the_header() -> None:
    assert downloads.safe_filename('../../etc/pa"ss\r\nwd.pdf') == "pa_ss__wd.pdf"
    assert downloads.safe_filename("") == "download"
