"""A real IMAP server for the tests: Dovecot (Debian's dovecot-imapd) in the foreground as a
child of pytest, implicit TLS on a free loopback port with a certificate from a CA made here,
users from a passwd-file, mail appended over IMAP itself (as any client would)."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.harness import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
#: the unprivileged user Dovecot runs mail processes as (it refuses uid 0)
MAIL_UID = 65534


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca_and_cert(folder: Path, host: str = "localhost") -> tuple[Path, Path, Path]:
    """A CA and a server certificate for ``host`` signed by it: (ca.pem, cert.pem, key.pem)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("casgate test CA"))
        .issuer_name(_name("casgate test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(host))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return ca_path, cert_path, key_path


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
default_internal_group = dovecot
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {uid}
first_valid_uid = 0
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={root}/home/%u
}}
"""


class Dovecot:
    """One Dovecot instance with the given ``users`` (address → app password)."""

    def __init__(self, root: Path, users: dict[str, str]) -> None:
        self.root = root
        self.users = users
        self.port = free_port()
        self.ca, cert, key = make_ca_and_cert(root)
        for sub in ("run", "state", "mail", "home"):
            (root / sub).mkdir(exist_ok=True)
        for sub in ("mail", "home"):
            os.chown(root / sub, MAIL_UID, MAIL_UID)
        root.chmod(0o755)
        (root / "users").write_text(
            "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in users.items())
        )
        self.config = root / "dovecot.conf"
        self.config.write_text(
            _CONFIG.format(root=root, cert=cert, key=key, uid=MAIL_UID, port=self.port)
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        self._process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = self.root / "dovecot.log"
                raise RuntimeError(f"dovecot exited: {log.read_text() if log.exists() else ''}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start listening")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)

    def _client(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.ca))
        imap = imaplib.IMAP4_SSL("localhost", self.port, ssl_context=context, timeout=10)
        imap.login(user, self.users[user])
        return imap

    def append(self, user: str, raw: bytes, when: dt.datetime) -> None:
        """Deliver ``raw`` to ``user``'s INBOX with the internal date ``when``."""
        imap = self._client(user)
        try:
            imap.append("INBOX", None, imaplib.Time2Internaldate(when.timestamp()), raw)
        finally:
            imap.logout()

    def renumber(self, user: str) -> None:
        """Make the mailbox forget its UIDs (a new UIDVALIDITY, UIDs from 1 again), as a server
        migration or a rebuilt index does; the messages stay, delivered again in reverse order,
        so each old UID now names another message."""
        imap = self._client(user)
        try:
            imap.select("INBOX")
            _, data = imap.uid("SEARCH", "ALL")
            messages = []
            for uid in (data[0] or b"").split():
                _, parts = imap.uid("FETCH", uid.decode(), "(INTERNALDATE BODY.PEEK[])")
                meta, raw = next(p for p in parts if isinstance(p, tuple))
                messages.append((imaplib.Internaldate2tuple(meta), raw))
            imap.close()
        finally:
            imap.logout()
        # drop the whole maildir (index and UID list included) and deliver the messages again
        shutil.rmtree(self.root / "mail" / user)
        for stamp, raw in reversed(messages):
            assert stamp is not None
            self.append(user, raw, dt.datetime.fromtimestamp(time.mktime(stamp), dt.UTC))
