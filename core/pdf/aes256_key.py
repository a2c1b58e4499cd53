"""The file key of an AES-256 (revision 6) encrypted PDF, derived here in about 1 ms.

qpdf takes 10-12 ms to check a revision-6 password (its own AES for algorithm 2.B's 64+
rounds); the same hash through OpenSSL (``cryptography``) and hashlib takes under 1 ms. The
key found here is handed to qpdf as a hex key, which qpdf then uses without checking the
password again. Only a password this module *verifies* yields a key; anything else (another
revision, a wrong or differently encoded password, a malformed dictionary) yields ``None`` and
the caller opens the file the ordinary way, so every refusal and every recovery is still qpdf's.

The usual case, the user password, is verified with one hash instead of two: the key derived
from it must decrypt ``/Perms`` to the permissions ``/P`` says, ``0xFFFFFFFF`` and ``adb``
(ISO 32000-2 algorithm 2.A, step e), 11 bytes that a wrong password matches with chance
2^-88. When that does not hold, the password is checked against ``/U`` and ``/O`` as the
standard's password checks do.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from collections.abc import Callable

import pikepdf
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

#: algorithm 2.B picks the next hash by the first 16 bytes of E modulo 3
_HASHES: tuple[Callable[[bytes], hashlib._Hash], ...] = (
    hashlib.sha256,
    hashlib.sha384,
    hashlib.sha512,
)
_ZERO_IV = bytes(16)


def revision6_key(encrypt: pikepdf.Object | None, password: str) -> bytes | None:
    """The 32-byte file key of a revision-6 ``/Encrypt`` dictionary for ``password`` (user or
    owner), or ``None`` when this is not revision 6 or the password does not verify."""
    if not isinstance(encrypt, pikepdf.Dictionary):
        return None
    try:
        if int(encrypt.get("/R", 0)) != 6 or int(encrypt.get("/V", 0)) != 5:
            return None
        owner, user = bytes(encrypt["/O"]), bytes(encrypt["/U"])
        owner_key, user_key = bytes(encrypt["/OE"]), bytes(encrypt["/UE"])
    except (KeyError, TypeError, ValueError, pikepdf.PdfError):
        return None
    if len(owner) < 48 or len(user) < 48 or len(owner_key) != 32 or len(user_key) != 32:
        return None
    secret = password.encode("utf-8")[:127]
    user = user[:48]
    key = _unwrap(_hash(secret, user[40:48], b""), user_key)  # as if the user password
    if _permissions_match(encrypt, key) or hmac.compare_digest(
        _hash(secret, user[32:40], b""), user[:32]
    ):
        return key
    if hmac.compare_digest(_hash(secret, owner[32:40], user), owner[:32]):
        return _unwrap(_hash(secret, owner[40:48], user), owner_key)
    return None


def _hash(password: bytes, salt: bytes, user: bytes) -> bytes:
    """ISO 32000-2 algorithm 2.B."""
    k = hashlib.sha256(password + salt + user).digest()
    rounds = 0
    while True:
        block = (password + k + user) * 64
        encryptor = Cipher(algorithms.AES(k[:16]), modes.CBC(k[16:32])).encryptor()
        e = encryptor.update(block) + encryptor.finalize()
        k = _HASHES[sum(e[:16]) % 3](e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def warm() -> None:
    """Load OpenSSL's AES and the hashes once, so that no parse pays for their first use."""
    _hash(b"", bytes(8), b"")


def _permissions_match(encrypt: pikepdf.Dictionary, key: bytes) -> bool:
    """``/Perms`` decrypted with ``key`` reads as the standard lays it out for this ``/P``."""
    try:
        perms, permissions = bytes(encrypt["/Perms"]), int(encrypt["/P"])
    except (KeyError, TypeError, ValueError, pikepdf.PdfError):
        return False
    if len(perms) < 16:
        return False
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # one block: the standard's
    plain = decryptor.update(perms[:16]) + decryptor.finalize()
    expected = struct.pack("<I", permissions & 0xFFFFFFFF) + b"\xff\xff\xff\xff"
    return hmac.compare_digest(plain[:8], expected) and plain[9:12] == b"adb"


def _unwrap(intermediate: bytes, wrapped: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(intermediate), modes.CBC(_ZERO_IV)).decryptor()
    return decryptor.update(wrapped) + decryptor.finalize()
