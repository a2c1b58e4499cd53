"""A client of KFintech's consolidated account statement (mail-back) request form.

The form (an ASP.NET MVC page under ``CASGATE_KFINTECH_BASE_URL``) works like this:

1. ``GET /investor/General/ConsolidatedAccountStatement``: the form, with the anti-forgery pair
   (cookie ``__RequestVerificationToken`` plus the hidden field of the same name) and the captcha
   ``<img id="imgCaptcha">``.
2. ``POST`` the same path with ``StatementType=Detailed``, ``Email``, ``PAN`` (may be empty),
   ``FromDate`` and ``ToDate`` as DD-Mon-YYYY, ``Password``, ``ConfirmPassword`` and ``Captcha``.
   Refusals re-render the form with the reasons in ``<div class="validation-summary-errors">``;
   success redirects to ``/investor/General/CASRequestSubmitted``, whose
   ``<div id="successMessage">`` confirms it. The statement then arrives by e-mail.
"""

from __future__ import annotations

from datetime import date

from core.errors import BadRequest, Code
from core.retrieval.captcha import CaptchaSolver
from core.retrieval.html_page import HtmlPage, read_page
from core.retrieval.portal_http import PortalSession, check_portal_address
from core.settings import Settings

PORTAL = "KFintech"
FORM = "/investor/General/ConsolidatedAccountStatement"
SUBMITTED = "/investor/General/CASRequestSubmitted"
_ERRORS = "validation-summary-errors"


def _reasons(page: HtmlPage) -> str:
    return " ".join(text for text in page.classes.get(_ERRORS, []) if text)


class KfintechPortal:
    """Submits mail-back requests to the form at ``settings.kfintech_base_url``."""

    def __init__(self, settings: Settings, solver: CaptchaSolver) -> None:
        self.settings = settings
        self.solver = solver
        self.base_url = settings.kfintech_base_url

    async def request_statement(
        self, email: str, start: date, end: date, password: str, pan: str
    ) -> str:
        """Submit the request; KFintech's confirmation. ``CAPTCHA_FAILED`` after the configured
        attempts, ``PORTAL_REJECTED`` with KFintech's reasons for anything else it refuses."""
        await check_portal_address(self.base_url, PORTAL, self.settings)
        async with PortalSession(self.base_url, PORTAL, self.settings) as portal:
            _, page = await portal.page(FORM)
            for attempt in range(1, self.settings.portal_captcha_attempts + 1):
                source = page.images.get("imgCaptcha")
                if not source:
                    raise BadRequest(
                        "KFintech's request form has no captcha where one was expected.",
                        code=Code.CAPTCHA_FAILED,
                    )
                image = await portal.get(
                    portal.path_of(source, "/investor/General"), max_bytes=512 * 1024
                )
                form = {
                    **{k: v for k, v in page.inputs.items() if k == "__RequestVerificationToken"},
                    "StatementType": "Detailed",
                    "Email": email,
                    "PAN": pan,
                    "FromDate": start.strftime("%d-%b-%Y"),
                    "ToDate": end.strftime("%d-%b-%Y"),
                    "Password": password,
                    "ConfirmPassword": password,
                    "Captcha": await self.solver.solve(image.content),
                }
                reply = await portal.post_form(FORM, form)
                if reply.url.path.endswith(SUBMITTED):
                    done = read_page(reply.text)
                    return done.text_of("successMessage") or "Request submitted."
                page = read_page(reply.text)
                reasons = _reasons(page) or "the request was refused"
                if "captcha" not in reasons.lower():
                    raise BadRequest(
                        f"KFintech refused the request: {reasons[:300]}",
                        code=Code.PORTAL_REJECTED,
                    )
                if attempt == self.settings.portal_captcha_attempts:
                    raise BadRequest(
                        "KFintech's captcha could not be solved; please try again.",
                        code=Code.CAPTCHA_FAILED,
                    )
            raise AssertionError("not reached")
