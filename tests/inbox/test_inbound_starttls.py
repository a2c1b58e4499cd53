"""STARTTLS of the forward-to addresses' SMTP receiver, with a certificate made by the tests'
own CA: offered in the EHLO answer, negotiated by smtplib verifying the chain and the host name,
mail sent in clear refused when TLS is required, and mail sent over TLS kept."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import inbound_email_pb2, inbound_email_pb2_grpc
from core.accounts import create_key
from core.inbound.smtp import tls_context
from tests.conftest import make_settings, start_server_thread
from tests.harness import ServerThread
from tests.inbox.conftest import today
from tests.inbox.dovecot import make_ca_and_cert
from tests.inbox.mail import Mail, statement_pdf


@pytest.fixture(scope="module")
def ca_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_ca_and_cert(tmp_path_factory.mktemp("smtp-tls"), host="localhost")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, ca_files: tuple[Path, Path, Path]
) -> Iterator[ServerThread]:
    _, cert, key = ca_files
    running = start_server_thread(
        tmp_path_factory.mktemp("inbound-tls"),
        settings={
            "inbound_email_domain": "in.casgate.test",
            "inbound_smtp_tls_cert_file": str(cert),
            "inbound_smtp_tls_key_file": str(key),
            "inbound_smtp_require_tls": True,
        },
    )
    yield running
    running.stop()


def test_mail_arrives_over_starttls(
    server: ServerThread, ca_files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    ca, _, _ = ca_files
    _, key = create_key("tls", 100, settings=server.settings)
    mine = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        stub = inbound_email_pb2_grpc.InboundEmailServiceStub(channel)
        created = stub.CreateInboundEmail(
            inbound_email_pb2.CreateInboundEmailRequest(), metadata=mine
        )
        pdf, _ = statement_pdf(41)
        mail = Mail("<t-41@cdslstatement.com>", "eCAS@cdslstatement.com", today(), [("T.pdf", pdf)])

        # in clear: STARTTLS is offered, and mail is refused until it is used
        with smtplib.SMTP("localhost", server.smtp_port, timeout=30) as smtp:
            smtp.ehlo()
            assert smtp.has_extn("starttls")
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                smtp.sendmail("investor@example.com", [created.email], mail.rfc822())
            assert refused.value.smtp_code == 530

        # a client that does not trust the certificate's CA stops at the handshake
        other_ca, _, _ = make_ca_and_cert(tmp_path, host="localhost")
        stranger = ssl.create_default_context(cafile=str(other_ca))
        with (
            smtplib.SMTP("localhost", server.smtp_port, timeout=30) as smtp,
            pytest.raises(ssl.SSLCertVerificationError),
        ):
            smtp.starttls(context=stranger)

        # over TLS, the chain and the host name verified: accepted and kept
        trusted = ssl.create_default_context(cafile=str(ca))
        with smtplib.SMTP("localhost", server.smtp_port, timeout=30) as smtp:
            code, _ = smtp.starttls(context=trusted)
            assert code == 220
            sock = smtp.sock
            assert isinstance(sock, ssl.SSLSocket) and sock.version() in ("TLSv1.2", "TLSv1.3")
            smtp.ehlo()
            assert not smtp.has_extn("starttls")  # not offered twice
            assert smtp.sendmail("investor@example.com", [created.email], mail.rfc822()) == {}

        files = stub.ListInboundEmailFiles(
            inbound_email_pb2.ListInboundEmailFilesRequest(
                inbound_email_id=created.inbound_email_id
            ),
            metadata=mine,
        )
    assert [(f.cas_type, f.size) for f in files.files] == [("cdsl", len(pdf))]


def test_half_a_tls_configuration_is_refused(
    ca_files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, cert, key = ca_files
    assert tls_context(make_settings(tmp_path)) is None
    values: dict[str, object]
    for values in (
        {"inbound_smtp_tls_cert_file": str(cert)},
        {"inbound_smtp_require_tls": True},
        {"inbound_smtp_tls_cert_file": str(cert), "inbound_smtp_tls_key_file": str(cert)},
        {
            "inbound_smtp_tls_cert_file": str(tmp_path / "none.pem"),
            "inbound_smtp_tls_key_file": str(key),
        },
    ):
        with pytest.raises(ValueError, match="inbound_smtp_tls"):
            tls_context(make_settings(tmp_path, **values))
    context = tls_context(
        make_settings(
            tmp_path, inbound_smtp_tls_cert_file=str(cert), inbound_smtp_tls_key_file=str(key)
        )
    )
    assert context is not None and context.minimum_version == ssl.TLSVersion.TLSv1_2
