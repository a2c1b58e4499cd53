"""`make screenshots`: PNGs of the dashboard's main pages, for the README.

Starts a throwaway stack (server and Envoy, embedded defaults in a temporary folder), signs up a
user, opens a generated statement, runs a batch of generated statements, and photographs each
page in headless chromium, plus the portfolio on a phone-sized screen.

    python -m tests.dashboard.screenshots docs/screenshots
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import httpx
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from tests.conftest import start_stack
from tests.dashboard import browser
from tests.statements import generate

EMAIL = "investor@example.com"
PASSWORD = "screenshots password 1"
DESKTOP = 1280
PHONE = 390  # CSS pixels wide


def photograph(driver: WebDriver, path: Path, width: int) -> None:
    """The whole page at ``width`` CSS pixels (a phone's viewport below 600)."""
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
    driver.execute_script("document.activeElement?.blur()")
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"wrote {path}")


def take(out: Path, work: Path) -> None:
    # a loopback receiver for the webhooks page (nothing listens there; no DNS offline)
    settings = {"signup_credits": 100, "webhook_allow_private_urls": True}
    stack = start_stack(work / "stack", settings=settings)
    driver = browser.chromium(DESKTOP)
    try:
        httpx.post(f"{stack.url}/api/auth/register", json={"email": EMAIL, "password": PASSWORD})
        driver.get(f"{stack.url}/ui/#/signin")
        browser.element(driver, "form[aria-labelledby=signin-title]")
        photograph(driver, out / "signin.png", DESKTOP)

        browser.sign_in(driver, stack.url, EMAIL, PASSWORD)
        made = generate(issuer="CAMS", variant="DETAILED", seed=3, pages=3)
        statement = work / "cams-detailed.pdf"
        statement.write_bytes(made.pdf)
        browser.open_statement(driver, stack.url, statement, made.password)
        browser.until(driver, lambda d: d.find_element(By.ID, "xirr").text != "…")
        photograph(driver, out / "portfolio.png", DESKTOP)

        pdfs = []
        for seed in range(4):
            issuer = "KFINTECH" if seed % 2 else "CAMS"
            made = generate(issuer=issuer, variant="DETAILED", seed=20 + seed, encryption=None)
            pdfs.append(work / f"{issuer.lower()}-{seed + 1}.pdf")
            pdfs[-1].write_bytes(made.pdf)
        browser.start_batch(driver, stack.url, pdfs, "November statements")
        browser.wait_for_job(driver, "completed")
        photograph(driver, out / "batch.png", DESKTOP)

        browser.search_history(driver, stack.url, "Growth")
        photograph(driver, out / "history.png", DESKTOP)

        driver.get(f"{stack.url}/ui/#/keys")
        browser.element(driver, "input[name=name]").send_keys("reporting job")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        browser.element(driver, "#new-key")
        photograph(driver, out / "keys.png", DESKTOP)

        driver.get(f"{stack.url}/ui/#/webhooks")
        browser.element(driver, "input[type=url]").send_keys("http://127.0.0.1:9/hooks")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        browser.element(driver, "#webhooks-table")
        photograph(driver, out / "webhooks.png", DESKTOP)

        driver.get(f"{stack.url}/ui/#/history")
        browser.element(driver, "#documents-table tbody tr:last-child a").click()
        browser.until(driver, lambda d: d.find_element(By.ID, "xirr").text != "…")
        photograph(driver, out / "portfolio-phone.png", PHONE)
    finally:
        driver.quit()
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        take(args.out, Path(work))


if __name__ == "__main__":
    main()
