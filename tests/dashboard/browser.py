"""The dashboard driven in a real headless browser: Debian's chromium through its chromedriver
(never a downloaded browser), and the few page steps the tests and `make screenshots` share."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

#: a batch or a parse on this shared 2-core machine can take a while; nothing is timed
PATIENCE_SECONDS = 120


def chromium(width: int = 1280, height: int = 900, downloads: Path | None = None) -> WebDriver:
    """A headless chromium of ``width`` by ``height`` CSS pixels, saving downloads in
    ``downloads``."""
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if binary is None or driver is None:
        raise RuntimeError(
            "the dashboard's browser tests need Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespace for chromium's sandbox
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": str(downloads), "download.prompt_for_download": False},
        )
    return webdriver.Chrome(service=Service(driver), options=options)


def until(driver: WebDriver, condition: Callable[[WebDriver], Any]) -> Any:
    wait = WebDriverWait(
        driver,
        PATIENCE_SECONDS,
        poll_frequency=0.1,
        # the page re-renders while it is watched
        ignored_exceptions=[NoSuchElementException, StaleElementReferenceException],
    )
    return wait.until(condition)


def element(driver: WebDriver, css: str) -> WebElement:
    """The element matching ``css`` once it is on the page."""
    found: WebElement = until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css) or False)[0]
    return found


def amount(text: str) -> float:
    """The number in a formatted figure such as ``₹3,44,268.26``, ``-₹12.00`` or ``25.36%``."""
    return float(re.sub(r"[^\d.\-]", "", text))


def sign_in(driver: WebDriver, base_url: str, email: str, password: str) -> None:
    driver.get(f"{base_url}/ui/")
    driver.execute_script("sessionStorage.clear()")
    driver.get(f"{base_url}/ui/#/signin")
    form = element(driver, "form[aria-labelledby=signin-title]")
    form.find_element(By.CSS_SELECTOR, "input[type=email]").send_keys(email)
    # from the keyboard: Enter in the password field submits the form
    form.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(password, Keys.ENTER)
    until(driver, lambda d: d.find_element(By.ID, "who-email").text == email)


def open_statement(driver: WebDriver, base_url: str, pdf: Path, password: str) -> None:
    """Uploads ``pdf`` on the open-a-statement page and waits for its portfolio."""
    driver.get(f"{base_url}/ui/#/portfolio")
    form = element(driver, "form[aria-labelledby=upload-title]")
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
    form.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    element(driver, "#total-value")


def start_batch(driver: WebDriver, base_url: str, pdfs: list[Path], name: str) -> str:
    """Starts a batch of ``pdfs`` from the batch page; answers its job id once it is watched."""
    driver.get(f"{base_url}/ui/#/batch")
    form = element(driver, "form[aria-labelledby=start-title]")
    form.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys(name)
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(
        "\n".join(str(p) for p in pdfs)
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    element(driver, "#job-status")
    return str(driver.current_url.rsplit("/", 1)[1])


def job_status(driver: WebDriver) -> str:
    return str(driver.find_element(By.ID, "job-status").text)


def wait_for_job(driver: WebDriver, status: str) -> None:
    until(driver, lambda d: job_status(d) == status)


def document_rows(driver: WebDriver) -> list[WebElement]:
    return list(driver.find_elements(By.CSS_SELECTOR, "ul.docs > li"))


def search_history(driver: WebDriver, base_url: str, query: str) -> None:
    driver.get(f"{base_url}/ui/#/history")
    box = element(driver, "input[type=search]")
    box.send_keys(query)
    box.submit()
    until(driver, lambda d: "Documents matching" in d.find_element(By.ID, "documents-title").text)


def download(driver: WebDriver, label: str, downloads: Path) -> str:
    """Clicks the download link ``label`` and answers the text of the file the browser saved."""
    link = driver.find_element(By.LINK_TEXT, label)
    saved = downloads / str(link.get_attribute("download"))
    saved.unlink(missing_ok=True)
    link.click()
    until(driver, lambda _: saved.exists() and saved.stat().st_size > 0)
    return saved.read_text()


def session_storage(driver: WebDriver) -> dict[str, Any]:
    stored = driver.execute_script("return sessionStorage.getItem('casgate.session')")
    return dict(json.loads(stored)) if stored else {}


#: the controls of the page (sign-in included) that no label names: none, on every page
UNLABELLED = """
return [...document.querySelectorAll('input, select, textarea, button, progress')]
  .filter(el => !el.labels?.length && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML);
"""


def unlabelled(driver: WebDriver) -> list[str]:
    return list(driver.execute_script(UNLABELLED))


def as_phone(driver: WebDriver, width: int = 390) -> None:
    """Lays the page out ``width`` CSS pixels wide, as a phone would (until ``as_desktop``).
    Not in mobile mode: that would zoom out to fit a page that is too wide."""
    metrics = {"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def as_desktop(driver: WebDriver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def overflows(driver: WebDriver) -> bool:
    """Whether the page is wider than the screen (wide tables scroll inside their own region)."""
    script = "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
    return bool(driver.execute_script(script))
