"""The AES-256 file key derived in Python is the one qpdf derives, for either password."""

from __future__ import annotations

import io
from typing import Literal

import pikepdf
import pytest

from core.pdf.aes256_key import revision6_key


def _encrypted(user: str, owner: str, r: Literal[3, 4, 6] = 6) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(
        out, encryption=pikepdf.Encryption(user=user, owner=owner, R=r, metadata=r >= 4, aes=r >= 4)
    )
    return out.getvalue()


def _qpdf_key(data: bytes, password: str) -> bytes:
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        return bytes(pdf.encryption.encryption_key)


def _key(data: bytes, password: str) -> bytes | None:
    # any hex key opens the file: /Encrypt's own strings are never encrypted
    with pikepdf.open(io.BytesIO(data), password="00" * 32, hex_password=True) as pdf:
        return revision6_key(pdf.trailer["/Encrypt"], password)


@pytest.mark.parametrize("password", ["ABCDE1234F", "owner-secret", "pässwörd"])
def test_a_verified_password_gives_qpdfs_key(password: str) -> None:
    user, owner = ("ABCDE1234F", "owner-secret") if password != "pässwörd" else (password, "x")
    data = _encrypted(user, owner)
    assert _key(data, password) == _qpdf_key(data, password)


def test_an_empty_user_password_opens_with_nothing_typed() -> None:
    data = _encrypted("", "owner-secret")
    assert _key(data, "") == _qpdf_key(data, "")


def test_a_wrong_password_gives_no_key() -> None:
    data = _encrypted("ABCDE1234F", "owner-secret")
    assert _key(data, "ABCDE1234G") is None
    assert _key(data, "") is None


@pytest.mark.parametrize("revision", [3, 4])
def test_older_revisions_are_left_to_qpdf(revision: Literal[3, 4]) -> None:
    data = _encrypted("ABCDE1234F", "owner-secret", r=revision)
    assert _key(data, "ABCDE1234F") is None


def _key_with(data: bytes, password: str, **changes: object) -> bytes | None:
    """``_key`` with entries of ``/Encrypt`` replaced (a copy: the file is not changed)."""
    with pikepdf.open(io.BytesIO(data), password="00" * 32, hex_password=True) as pdf:
        encrypt = pikepdf.Dictionary({k: v for k, v in pdf.trailer["/Encrypt"].items()})
        for name, value in changes.items():
            encrypt[f"/{name}"] = value
        return revision6_key(encrypt, password)


@pytest.mark.parametrize(
    "changes",
    [
        {"Perms": pikepdf.String(bytes(range(16)))},  # garbled: the /U check decides
        {"P": -4},  # permissions that /Perms does not repeat
    ],
)
def test_permissions_that_do_not_match_fall_back_to_the_password_checks(
    changes: dict[str, object],
) -> None:
    data = _encrypted("ABCDE1234F", "owner-secret")
    assert _key_with(data, "ABCDE1234F", **changes) == _qpdf_key(data, "ABCDE1234F")
    assert _key_with(data, "owner-secret", **changes) == _qpdf_key(data, "owner-secret")
    assert _key_with(data, "ABCDE1234G", **changes) is None


def test_without_perms_the_user_password_still_verifies() -> None:
    data = _encrypted("ABCDE1234F", "owner-secret")
    with pikepdf.open(io.BytesIO(data), password="00" * 32, hex_password=True) as pdf:
        encrypt = pikepdf.Dictionary({k: v for k, v in pdf.trailer["/Encrypt"].items()})
        del encrypt["/Perms"]
        assert revision6_key(encrypt, "ABCDE1234F") == _qpdf_key(data, "ABCDE1234F")
        assert revision6_key(encrypt, "nope") is None
