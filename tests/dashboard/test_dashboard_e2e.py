"""The web dashboard in a real headless chromium, through the real Envoy gateway: sign in, upload
a generated statement and see its totals, run a batch to completion (and pause and resume one),
search history, register a webhook and see its deliveries, enable one that its receiver's 410
disabled. Every expected figure comes from the generator's ground truth (gains and XIRR: from
/v4/analytics for the same document)."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from tests.conftest import Stack, start_stack
from tests.dashboard import browser
from tests.statements import generate
from tests.statements.ecas import generate_ecas
from tests.webhooks.receiver import Receiver, Reply

pytestmark = pytest.mark.e2e

PASSWORD = "dashboard password 1"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # one parse worker: a batch runs one document at a time, so a paused batch keeps queued ones;
    # a download held by the test's gate outlasts the default 20 s cap on a loaded machine
    settings = {
        "signup_credits": 100,
        "parse_workers": 1,
        "webhook_allow_private_urls": True,
        "url_fetch_timeout_seconds": browser.PATIENCE_SECONDS + 60,
    }
    running = start_stack(tmp_path_factory.mktemp("dashboard"), settings=settings)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads: Path) -> Iterator[WebDriver]:
    chromium = browser.chromium(downloads=downloads)
    yield chromium
    chromium.quit()


_users = iter(range(1_000_000))
STORE = "sessionStorage.setItem('casgate.session', JSON.stringify(s));"


def new_user(stack: Stack) -> str:
    email = f"user{next(_users)}@example.com"
    made = httpx.post(f"{stack.url}/api/auth/register", json={"email": email, "password": PASSWORD})
    assert made.status_code == 200, made.text
    return email


def money(value: Decimal | float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


def shown_as(text: str, percent: float | None) -> bool:
    """Whether ``text`` shows ``percent`` to its two printed decimals, or a dash for none."""
    if percent is None:
        return text == "—"
    return text.endswith("%") and abs(browser.amount(text) - percent) <= 0.005 + 1e-9


def test_sign_in_upload_and_see_the_statement(
    stack: Stack, driver: WebDriver, downloads: Path, tmp_path: Path
) -> None:
    made = generate(issuer="CAMS", variant="DETAILED", seed=41, pages=2)
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(made.pdf)
    truth = made.truth
    schemes = {
        (folio["folio_number"], scheme["isin"]): scheme
        for folio in truth["mutual_funds"]
        for scheme in folio["schemes"]
    }

    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    browser.open_statement(driver, stack.url, pdf, made.password)

    assert driver.find_element(By.TAG_NAME, "h1").text == truth["investor"]["name"]
    figure = lambda id_: browser.amount(driver.find_element(By.ID, id_).text)  # noqa: E731
    cost = sum(Decimal(str(s["cost"])) for s in schemes.values())
    value = sum(Decimal(str(s["value"])) for s in schemes.values())
    assert figure("total-value") == truth["summary"]["total_value"]
    assert figure("total-cost") == money(cost)
    assert figure("total-gain") == money(value - cost)

    rows = driver.find_elements(By.CSS_SELECTOR, "#holdings-table tbody tr")
    assert len(rows) == len(schemes)
    for row in rows:
        scheme = schemes[(row.get_attribute("data-account"), row.get_attribute("data-isin"))]
        assert row.find_element(By.CSS_SELECTOR, ".scheme-name").text == scheme["name"]
        assert browser.amount(row.find_element(By.CSS_SELECTOR, ".value").text) == scheme["value"]

    # gains and XIRR: what /v4/analytics answers for this document, portfolio and per scheme
    document_id = driver.current_url.rsplit("/", 1)[1]
    token = browser.session_storage(driver)["access_token"]
    analysed = httpx.post(
        f"{stack.url}/v4/analytics",
        json={"document_id": document_id},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert analysed.status_code == 200, analysed.text
    returns = analysed.json()["returns"]
    browser.until(driver, lambda d: d.find_element(By.ID, "xirr").text != "…")
    assert shown_as(driver.find_element(By.ID, "xirr").text, returns["portfolio"]["xirr"])
    # a scheme without an XIRR (nothing invested in the period) shows a dash
    xirrs = {(s["folio"], s["isin"]): s.get("xirr") for s in returns["schemes"]}
    for row in rows:
        expected = xirrs[(row.get_attribute("data-account"), row.get_attribute("data-isin"))]
        assert shown_as(row.find_element(By.CSS_SELECTOR, ".xirr").text, expected)
    years = analysed.json()["capital_gains"]["financial_years"]
    shown = driver.find_elements(By.CSS_SELECTOR, "#gains-table tbody th")
    assert [th.text for th in shown] == [y["financial_year"] for y in years]

    # the downloads are the statement itself, and its holdings one row each
    downloaded = json.loads(browser.download(driver, "Download JSON", downloads))
    assert downloaded["summary"]["total_value"] == truth["summary"]["total_value"]
    assert downloaded["investor"]["name"] == truth["investor"]["name"]
    holdings = list(
        csv.DictReader(io.StringIO(browser.download(driver, "Download holdings CSV", downloads)))
    )
    assert {(r["account"], r["isin"]): float(r["value"]) for r in holdings} == {
        key: scheme["value"] for key, scheme in schemes.items()
    }

    # the session lives in sessionStorage only, and the statement in no storage at all
    assert driver.execute_script("return localStorage.length") == 0
    assert browser.session_storage(driver)["access_token"]
    stored = driver.execute_script("return JSON.stringify(sessionStorage)")
    assert truth["investor"]["name"] not in stored


def test_a_batch_of_uploads_runs_to_completion_and_history_finds_it(
    stack: Stack, driver: WebDriver, tmp_path: Path
) -> None:
    truths: dict[str, dict[str, Any]] = {}
    pdfs = []
    for seed, issuer in ((51, "CAMS"), (52, "KFINTECH"), (53, "CAMS")):
        made = generate(issuer=issuer, variant="DETAILED", seed=seed, pages=1, encryption=None)
        pdf = tmp_path / f"{issuer.lower()}-{seed}.pdf"
        pdf.write_bytes(made.pdf)
        truths[pdf.name] = made.truth
        pdfs.append(pdf)

    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    browser.start_batch(driver, stack.url, pdfs, "three statements")
    browser.wait_for_job(driver, "completed")

    rows = browser.document_rows(driver)
    assert [row.find_element(By.CSS_SELECTOR, ".name").text.split()[0] for row in rows] == [
        pdf.name for pdf in pdfs
    ]
    assert [row.get_attribute("data-state") for row in rows] == ["done"] * len(pdfs)
    assert driver.find_element(By.CSS_SELECTOR, "progress.overall").get_attribute("value") == "100"
    document_ids = {
        row.find_element(By.CSS_SELECTOR, ".name").text.split()[0]: row.find_element(
            By.LINK_TEXT, "open"
        )
        .get_attribute("href")
        .rsplit("/", 1)[1]
        for row in rows
    }

    # search history for one investor: exactly the batch's documents of that investor
    name = truths[pdfs[1].name]["investor"]["name"]
    browser.search_history(driver, stack.url, name)
    found = [
        row.get_attribute("data-id")
        for row in driver.find_elements(By.CSS_SELECTOR, "#documents-table tbody tr")
    ]
    words = name.lower().split()
    expected = {
        document_ids[file]
        for file, truth in truths.items()
        if all(w in truth["investor"]["name"].lower().split() for w in words)
    }
    assert set(found) == expected and document_ids[pdfs[1].name] in expected

    # and a result opens that statement's portfolio
    driver.find_element(By.CSS_SELECTOR, f"tr[data-id='{document_ids[pdfs[1].name]}'] a").click()
    browser.until(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == name)
    total = browser.amount(browser.element(driver, "#total-value").text)
    assert total == truths[pdfs[1].name]["summary"]["total_value"]


class GatedStatements:
    """A loopback server that holds every download until released (a batch that waits)."""

    def __init__(self, pdf: bytes) -> None:
        self.release = threading.Event()
        gate = self.release

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                gate.wait(browser.PATIENCE_SECONDS)
                self.send_response(200)
                self.send_header("content-type", "application/pdf")
                self.end_headers()
                self.wfile.write(pdf)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{name}.pdf"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def start_gated_batch(stack: Stack, driver: WebDriver, gated: GatedStatements, count: int) -> None:
    """Starts a batch of ``count`` downloads held by ``gated`` (through the API, with the page's
    session) and watches it on its page until the first document runs."""
    token = browser.session_storage(driver)["access_token"]
    started = httpx.post(
        f"{stack.url}/api/batch/start",
        headers={"authorization": f"Bearer {token}"},
        json={"name": "gated", "sources": [{"url": gated.url(f"s{i}")} for i in range(count)]},
    )
    assert started.status_code == 200, started.text
    driver.get(f"{stack.url}/ui/#/batch/{started.json()['job_id']}")
    wanted = ["running"] + ["queued"] * (count - 1)
    try:
        browser.until(driver, lambda d: states(d) == wanted)
    except TimeoutException:  # say what the page showed instead
        raise AssertionError(
            f"the batch page shows {states(driver)} at {driver.current_url}, not {wanted}"
        ) from None


#: a batch job's status answers late in the page, as on a loaded server (the network, not the app)
SLOW_JOB_STATUS = """
const fetchNow = window.fetch;
window.lateAnswered = false;
window.fetch = (url, ...rest) => {
  if (!String(url).includes("/api/batch/jobs/")) return fetchNow(url, ...rest);
  return new Promise((resolve) => setTimeout(resolve, 1500))
    .then(() => fetchNow(url, ...rest))
    .finally(() => setTimeout(() => { window.lateAnswered = true; }, 100));
};
"""


def test_a_page_that_finishes_loading_after_the_next_was_opened_stays_hidden(
    stack: Stack, driver: WebDriver
) -> None:
    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    driver.execute_script(SLOW_JOB_STATUS)
    # a job's page waits for its status (here a 404: no such job); the keys page is asked for
    # meanwhile, and neither the late page nor its error may replace it
    driver.execute_script("location.hash = '#/batch/0123456789abcdef0123456789abcdef'")
    driver.execute_script("location.hash = '#/keys'")
    browser.until(driver, lambda d: d.execute_script("return window.lateAnswered"))
    assert [h.text for h in driver.find_elements(By.TAG_NAME, "h1")] == ["API keys"]
    assert driver.find_element(By.ID, "status").text == ""  # nor says the late page's error


def states(driver: WebDriver) -> list[str | None]:
    return [row.get_attribute("data-state") for row in browser.document_rows(driver)]


def test_pause_resume_and_cancel_a_running_batch(stack: Stack, driver: WebDriver) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=61, pages=1, encryption=None)
    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    gated = GatedStatements(made.pdf)
    try:
        start_gated_batch(stack, driver, gated, 3)
        driver.find_element(By.XPATH, "//button[text()='Pause']").click()
        browser.wait_for_job(driver, "paused")
        gated.release.set()  # the running document finishes; the queued ones wait
        browser.until(driver, lambda d: states(d) == ["done", "queued", "queued"])
        assert browser.job_status(driver) == "paused"

        driver.find_element(By.XPATH, "//button[text()='Resume']").click()
        browser.wait_for_job(driver, "completed")
        assert states(driver) == ["done"] * 3
    finally:
        gated.close()

    gated = GatedStatements(made.pdf)
    try:
        start_gated_batch(stack, driver, gated, 3)
        driver.find_element(By.XPATH, "//button[text()='Cancel']").click()
        # the server has the cancellation before the running document is let go
        browser.until(driver, lambda d: browser.job_status(d) in ("cancelling", "cancelled"))
        gated.release.set()
        browser.wait_for_job(driver, "cancelled")
        # the documents that had not started are cancelled with it
        browser.until(driver, lambda d: states(d)[1:] == ["cancelled", "cancelled"])
    finally:
        gated.close()


def delivered(driver: WebDriver) -> bool:
    """Whether the deliveries page lists a succeeded delivery; if not, asks it to refresh."""
    rows = driver.find_elements(By.CSS_SELECTOR, "#deliveries-table tbody tr")
    if rows and rows[0].get_attribute("data-status") == "succeeded":
        return True
    driver.find_element(By.XPATH, "//button[text()='Refresh']").click()
    return False


def process_pdf(stack: Stack, driver: WebDriver, pdf: bytes) -> str:
    """``pdf`` through /api/single/process as the signed-in user; its document id."""
    token = browser.session_storage(driver)["access_token"]
    processed = httpx.post(
        f"{stack.url}/api/single/process",
        files={"file": ("statement.pdf", pdf, "application/pdf")},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert processed.status_code == 200, processed.text
    document_id: str = processed.json()["document_id"]
    return document_id


def process_a_statement(stack: Stack, driver: WebDriver, seed: int) -> None:
    """A generated statement through /api/single/process as the signed-in user (a
    parse.completed event for their webhooks)."""
    made = generate(issuer="CAMS", variant="SUMMARY", seed=seed, pages=1, encryption=None)
    process_pdf(stack, driver, made.pdf)


def webhook_state(driver: WebDriver, wanted: str) -> bool:
    """Whether the webhooks page shows the webhook in state ``wanted``; if not, reloads it."""
    cells = driver.find_elements(By.CSS_SELECTOR, "#webhooks-table tbody .webhook-state")
    if cells and cells[0].text.startswith(wanted):
        return True
    driver.refresh()
    return False


def register_webhook(stack: Stack, driver: WebDriver, receiver: Receiver) -> WebElement:
    """A new user signs in and registers ``receiver`` on the webhooks page; its table row."""
    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    driver.get(f"{stack.url}/ui/#/webhooks")
    form = browser.element(driver, "form[aria-labelledby=new-webhook-title]")
    form.find_element(By.CSS_SELECTOR, "input[type=url]").send_keys(receiver.url)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # the secret the page shows once is the one deliveries are signed with
    receiver.secrets = [browser.element(driver, "#webhook-secret").text]
    row = browser.element(driver, "#webhooks-table tbody tr")
    assert row.find_element(By.TAG_NAME, "th").text == receiver.url
    return row


def test_register_a_webhook_and_see_its_deliveries(stack: Stack, driver: WebDriver) -> None:
    receiver = Receiver().start()
    try:
        row = register_webhook(stack, driver, receiver)
        process_a_statement(stack, driver, seed=71)
        (first,) = receiver.wait_for(1, timeout=browser.PATIENCE_SECONDS)
        assert first.verified and first.json["event"] == "parse.completed"

        row.find_element(By.LINK_TEXT, "Deliveries").click()
        browser.until(driver, delivered)
        driver.find_element(By.XPATH, "//button[text()='Redeliver']").click()
        again = receiver.wait_for(2, timeout=browser.PATIENCE_SECONDS)[1]
        assert again.verified and again.headers["webhook-id"] == first.headers["webhook-id"]
    finally:
        receiver.stop()


def test_a_webhook_its_receiver_disabled_with_410_is_enabled_again(
    stack: Stack, driver: WebDriver
) -> None:
    receiver = Receiver([Reply(status=410), Reply()]).start()
    try:
        register_webhook(stack, driver, receiver)
        process_a_statement(stack, driver, seed=72)
        receiver.wait_for(1, timeout=browser.PATIENCE_SECONDS)  # answered 410 Gone
        browser.until(driver, lambda d: webhook_state(d, "disabled"))

        driver.find_element(By.XPATH, "//button[text()='Enable']").click()
        browser.until(driver, lambda d: webhook_state(d, "active"))
        assert driver.find_elements(By.XPATH, "//button[text()='Enable']") == []
        process_a_statement(stack, driver, seed=73)
        second = receiver.wait_for(2, timeout=browser.PATIENCE_SECONDS)[1]
        assert second.verified and second.json["event"] == "parse.completed"
    finally:
        receiver.stop()


def test_every_page_is_labelled_and_fits_a_phone_and_an_ecas_shows_its_holdings(
    stack: Stack, driver: WebDriver
) -> None:
    driver.get(f"{stack.url}/ui/#/signin")
    browser.element(driver, "form[aria-labelledby=signin-title]")
    assert browser.unlabelled(driver) == []
    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    made = generate_ecas(depository="NSDL", seed=81, encryption=None)  # demat and folios
    document_id = process_pdf(stack, driver, made.pdf)
    pages = {
        "portfolio": "form[aria-labelledby=upload-title]",
        f"portfolio/{document_id}": "#holdings-table",
        "batch": "form[aria-labelledby=start-title]",
        "history": "#documents-table",
        "keys": "form[aria-labelledby=new-key-title]",
        "webhooks": "form[aria-labelledby=new-webhook-title]",
    }
    browser.as_phone(driver)
    try:
        for page, ready in pages.items():
            driver.get(f"{stack.url}/ui/#/{page}")
            browser.element(driver, ready)
            assert browser.unlabelled(driver) == [], page
            assert not browser.overflows(driver), page
    finally:
        browser.as_desktop(driver)

    # the eCAS's portfolio: its total, and one row per demat holding and per scheme
    driver.get(f"{stack.url}/ui/#/portfolio/{document_id}")
    total = browser.amount(browser.element(driver, "#total-value").text)
    assert total == made.truth["summary"]["total_value"]
    holdings = [
        h
        for account in made.truth["demat_accounts"]
        for kind in account["holdings"].values()
        for h in kind
    ]
    schemes = [s for folio in made.truth["mutual_funds"] for s in folio["schemes"]]
    rows = driver.find_elements(By.CSS_SELECTOR, "#holdings-table tbody tr")
    assert len(rows) == len(holdings) + len(schemes)


def test_a_stale_token_is_refreshed_a_dead_session_ends_and_sign_out_forgets(
    stack: Stack, driver: WebDriver
) -> None:
    browser.sign_in(driver, stack.url, new_user(stack), PASSWORD)
    before = browser.session_storage(driver)
    spoil = "const s = JSON.parse(sessionStorage.getItem('casgate.session'));"
    # an access token the server refuses: the page refreshes the pair once and carries on
    driver.execute_script(spoil + "s.access_token = 'stale'; " + STORE)
    driver.get(f"{stack.url}/ui/#/keys")
    browser.element(driver, "form[aria-labelledby=new-key-title]")
    browser.until(
        driver,
        lambda d: (
            d.find_elements(By.ID, "keys-table")
            or d.find_elements(By.XPATH, "//p[text()='No active keys.']")
        ),
    )
    after = browser.session_storage(driver)
    assert after["access_token"] not in ("stale", before["access_token"])
    assert after["refresh_token"] != before["refresh_token"]  # rotated

    # a refresh token the server refuses too: back to sign-in, with the session forgotten
    driver.execute_script(spoil + "s.access_token = 'stale'; s.refresh_token = 'dead'; " + STORE)
    driver.get(f"{stack.url}/ui/#/history")
    browser.until(driver, lambda d: "session ended" in d.find_element(By.ID, "status").text)
    assert driver.current_url.endswith("#/signin")
    assert browser.session_storage(driver) == {}

    # signing out revokes the refresh token and forgets the session
    email = new_user(stack)
    browser.sign_in(driver, stack.url, email, PASSWORD)
    refresh = browser.session_storage(driver)["refresh_token"]
    driver.find_element(By.ID, "sign-out").click()
    browser.until(driver, lambda d: d.find_element(By.ID, "status").text == "Signed out.")
    assert browser.session_storage(driver) == {}
    reused = httpx.post(f"{stack.url}/api/auth/refresh", json={"refresh_token": refresh})
    assert reused.status_code == 401, reused.text
