"""Issue 3 through the real gateway: the real engine behind REST (multipart, JSON, URL) and
gRPC, and the published client ``cas-parser-python`` against our bodies. The engine's errors,
the SSRF guard and the parse timeout are tested in process: tests/server/test_parse_service.py."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest
from cas_parser import CasParser

from casgate.v1 import parse_pb2, parse_pb2_grpc
from tests.conftest import OPERATOR_KEY, Stack
from tests.harness import serve_bytes
from tests.statements import GeneratedStatement, generate

pytestmark = pytest.mark.e2e

AUTH = {"x-api-key": OPERATOR_KEY}


@pytest.fixture(scope="module")
def cams() -> GeneratedStatement:
    return generate(issuer="CAMS", variant="DETAILED", seed=21, pages=3)


@pytest.fixture(scope="module")
def kfin_summary() -> GeneratedStatement:
    return generate(issuer="KFINTECH", variant="SUMMARY", seed=22, pages=2)


def folios(body: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(amc, folio, scheme count) of each folio, for comparing with the ground truth."""
    return [(f["amc"], f["folio_number"], len(f["schemes"])) for f in body["mutual_funds"]]


def transactions(body: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    return [
        (t["date"], t["type"], t.get("units"))
        for f in body["mutual_funds"]
        for s in f["schemes"]
        for t in s.get("transactions", [])
    ]


def test_multipart_json_and_grpc_give_the_ground_truth(
    stack: Stack, cams: GeneratedStatement
) -> None:
    multipart = httpx.post(
        f"{stack.url}/v4/smart/parse",
        files={"pdf_file": ("cas.pdf", cams.pdf, "application/pdf")},
        data={"password": cams.password},
        headers=AUTH,
        timeout=60,
    )
    assert multipart.status_code == 200, multipart.text
    body = multipart.json()
    assert folios(body) == folios(cams.truth)
    assert transactions(body) == transactions(cams.truth)
    assert body["investor"]["pan"] == cams.truth["investor"]["pan"]

    as_json = httpx.post(
        f"{stack.url}/v4/cams_kfintech/parse",
        json={"pdf_file": base64.b64encode(cams.pdf).decode(), "password": cams.password},
        headers=AUTH,
        timeout=60,
    ).json()
    with grpc.insecure_channel(stack.gateway.address) as channel:
        native = parse_pb2_grpc.ParseServiceStub(channel).SmartParse(
            parse_pb2.SmartParseRequest(pdf_file=cams.pdf, password=cams.password),
            metadata=tuple(AUTH.items()),
        )
    assert folios(as_json) == folios(body)
    assert [(f.amc, f.folio_number, len(f.schemes)) for f in native.mutual_funds] == folios(body)


@pytest.fixture(scope="module")
def pdf_server(cams: GeneratedStatement) -> Iterator[str]:
    with serve_bytes(cams.pdf, "/cas.pdf") as url:
        yield url


def test_pdf_url_is_downloaded(stack: Stack, cams: GeneratedStatement, pdf_server: str) -> None:
    response = httpx.post(
        f"{stack.url}/v4/smart/parse",
        json={"pdf_url": pdf_server, "password": cams.password},
        headers=AUTH,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert folios(response.json()) == folios(cams.truth)


# --- the published client ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(stack: Stack) -> CasParser:
    return CasParser(api_key=OPERATOR_KEY, base_url=stack.url, max_retries=0, timeout=60)


def test_cas_parser_python_smart_parse_validates_our_body(
    client: CasParser, cams: GeneratedStatement
) -> None:
    # the client sends bytes as multipart/form-data
    parsed = client.cas_parser.smart_parse(pdf_file=cams.pdf, password=cams.password)
    assert parsed.meta is not None and parsed.meta.cas_type == "CAMS_KFINTECH"
    assert parsed.meta.statement_period is not None
    assert str(parsed.meta.statement_period.from_) == cams.truth["meta"]["statement_period"]["from"]
    assert [(f.amc, f.folio_number) for f in parsed.mutual_funds or []] == [
        (amc, folio) for amc, folio, _ in folios(cams.truth)
    ]
    units = [
        t.units
        for f in parsed.mutual_funds or []
        for s in f.schemes or []
        for t in s.transactions or []
    ]
    assert units == [u for _, _, u in transactions(cams.truth)]


def test_cas_parser_python_cams_kfintech_validates_our_body(
    client: CasParser, kfin_summary: GeneratedStatement
) -> None:
    parsed = client.cas_parser.cams_kfintech(
        pdf_file=kfin_summary.pdf, password=kfin_summary.password
    )
    assert parsed.investor is not None
    assert parsed.investor.name == kfin_summary.truth["investor"]["name"]
    schemes = [s for f in parsed.mutual_funds or [] for s in f.schemes or []]
    assert schemes and all(s.type in ("Equity", "Debt", "Hybrid", "Other") for s in schemes)


def test_cas_parser_python_by_url_sends_json(
    client: CasParser, cams: GeneratedStatement, pdf_server: str
) -> None:
    parsed = client.cas_parser.cams_kfintech(pdf_url=pdf_server, password=cams.password)
    assert [(f.amc, f.folio_number) for f in parsed.mutual_funds or []] == [
        (amc, folio) for amc, folio, _ in folios(cams.truth)
    ]


def test_cas_parser_python_raises_its_own_errors_for_ours(stack: Stack) -> None:
    import cas_parser

    bad = CasParser(api_key="wrong", base_url=stack.url, max_retries=0)
    with pytest.raises(cas_parser.AuthenticationError):
        bad.cas_parser.smart_parse(pdf_file=b"%PDF")


# --- depository statements ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def nsdl() -> GeneratedStatement:
    from tests.statements.ecas import generate_ecas

    return generate_ecas(depository="NSDL", seed=24, size=2)


@pytest.fixture(scope="module")
def cdsl() -> GeneratedStatement:
    from tests.statements.ecas import generate_ecas

    return generate_ecas(depository="CDSL", seed=25, size=2)


def accounts(body: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(dp_id, client_id, holdings count) of each demat account."""
    return [
        (a["dp_id"], a["client_id"], sum(len(v) for v in (a.get("holdings") or {}).values()))
        for a in body.get("demat_accounts") or []
    ]


@pytest.mark.parametrize("depository", ["NSDL", "CDSL"])
def test_depository_statements_through_the_gateway(
    stack: Stack, nsdl: GeneratedStatement, cdsl: GeneratedStatement, depository: str
) -> None:
    made = nsdl if depository == "NSDL" else cdsl
    for path in ("/v4/smart/parse", f"/v4/{depository.lower()}/parse"):
        response = httpx.post(
            f"{stack.url}{path}",
            files={"pdf_file": ("ecas.pdf", made.pdf, "application/pdf")},
            data={"password": made.password},
            headers=AUTH,
            timeout=60,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["meta"]["cas_type"] == depository
        assert body["investor"]["cas_id"] == made.truth["investor"]["cas_id"]
        assert accounts(body) == accounts(made.truth)
        assert folios(body) == folios(made.truth)
    other = "cdsl" if depository == "NSDL" else "nsdl"
    wrong = httpx.post(
        f"{stack.url}/v4/{other}/parse",
        json={"pdf_file": base64.b64encode(made.pdf).decode(), "password": made.password},
        headers=AUTH,
        timeout=60,
    )
    assert wrong.status_code == 400 and depository in wrong.json()["msg"]


@pytest.mark.parametrize("depository", ["NSDL", "CDSL"])
def test_cas_parser_python_depository_calls_validate_our_body(
    client: CasParser, nsdl: GeneratedStatement, cdsl: GeneratedStatement, depository: str
) -> None:
    made = nsdl if depository == "NSDL" else cdsl
    call = client.cas_parser.nsdl if depository == "NSDL" else client.cas_parser.cdsl
    parsed = call(pdf_file=made.pdf, password=made.password)
    assert parsed.meta is not None and parsed.meta.cas_type == depository
    assert [(a.dp_id, a.client_id) for a in parsed.demat_accounts or []] == [
        (dp, client) for dp, client, _ in accounts(made.truth)
    ]
    isins = {
        h.isin
        for a in parsed.demat_accounts or []
        for group in (
            a.holdings.equities,
            a.holdings.corporate_bonds,
            a.holdings.government_securities,
            a.holdings.demat_mutual_funds,
            a.holdings.aifs,
        )
        if a.holdings
        for h in group or []
    }
    truth = {
        h["isin"]
        for a in made.truth["demat_accounts"]
        for group in (a.get("holdings") or {}).values()
        for h in group
    }
    assert isins == truth
