"""A client of CDSL's eCAS portal: the pages an investor goes through to download their
consolidated account statements, driven as a browser would.

The portal (an ASP.NET Web Forms site under ``CASGATE_CDSL_BASE_URL``) works like this:

1. ``GET /CAS/Login.aspx``: the login form (hidden ``__VIEWSTATE`` and ``__EVENTVALIDATION``,
   fields ``txtPAN``, ``txtBOID``, ``txtDOB`` as DD/MM/YYYY, ``txtCaptcha``) and the captcha
   ``<img id="imgCaptcha">``; the session lives in the ``ASP.NET_SessionId`` cookie.
2. ``GET`` the captcha image, then ``POST /CAS/Login.aspx`` with ``btnGenerateOTP``. A wrong
   captcha, PAN, BO ID or an unknown account re-renders the form with the reason in
   ``<span id="lblMessage">``; success redirects to ``/CAS/OTP.aspx``, which says the OTP was
   sent to the registered mobile.
3. ``POST /CAS/OTP.aspx`` with ``txtOTP`` and ``btnVerify``: a wrong or expired OTP re-renders
   with the reason in ``lblMessage``; an expired session redirects to ``Login.aspx``; success
   redirects to ``/CAS/Statements.aspx``, a list of links ``Download.ashx?id=YYYYMM`` (newest
   first, each with ``data-period="YYYY-MM"``).
4. ``GET /CAS/Download.ashx?id=YYYYMM``: the statement PDF (protected with the PAN).

Steps 1 and 2 run in ``StartCdslFetch``; the session's cookies and the OTP form's hidden fields are
kept (sealed) so that steps 3 and 4 can run in ``VerifyCdslFetch``, possibly in another process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.errors import BadRequest, CasgateError, Code, SessionExpired
from core.retrieval.captcha import CaptchaSolver
from core.retrieval.html_page import HtmlPage, read_page
from core.retrieval.portal_http import PortalSession, check_portal_address
from core.settings import Settings

PORTAL = "CDSL"
LOGIN = "/CAS/Login.aspx"
OTP = "/CAS/OTP.aspx"
STATEMENTS = "/CAS/Statements.aspx"
_MESSAGE = "lblMessage"


@dataclass
class PortalState:
    """Where a portal session stands between the two calls (secret: keep it sealed)."""

    cookies: list[dict[str, str]]
    #: hidden fields of the OTP form
    form: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """One downloaded monthly statement."""

    period: str
    filename: str
    data: bytes


def _failure(message: str) -> CasgateError:
    """The client error for the portal's message (its wording is the portal's, matched loosely)."""
    text = message.lower()
    if "captcha" in text:
        return BadRequest(
            "The CDSL portal's captcha could not be solved; please try again.",
            code=Code.CAPTCHA_FAILED,
        )
    if "pan" in text and "invalid" in text:
        return BadRequest("CDSL says the PAN is invalid.", code=Code.INVALID_PAN)
    if ("bo id" in text or "boid" in text) and "invalid" in text:
        return BadRequest("CDSL says the BO ID is invalid.", code=Code.INVALID_BO_ID)
    if "no record" in text or "not found" in text or "no demat" in text:
        return BadRequest(
            "CDSL has no demat account for this PAN, BO ID and date of birth.",
            code=Code.NO_CDSL_ACCOUNT,
        )
    if "otp" in text and "expire" in text:
        return BadRequest("The OTP has expired; please start a new fetch.", code=Code.OTP_EXPIRED)
    if "otp" in text:
        return BadRequest("The OTP is not correct.", code=Code.INVALID_OTP)
    if "session" in text:
        return SessionExpired()
    return BadRequest(
        f"The CDSL portal refused the request: {message[:200]}", code=Code.PORTAL_REJECTED
    )


class OtpRefused(Exception):
    """The portal refused an OTP for the reason ``error`` (the client's answer); ``state`` is
    the session for the next attempt."""

    def __init__(self, error: CasgateError, state: PortalState) -> None:
        super().__init__(error.message)
        self.error = error
        self.state = state


def _hidden(page: HtmlPage) -> dict[str, str]:
    return {name: value for name, value in page.inputs.items() if name.startswith("__")}


class CdslPortal:
    """The two halves of a fetch against the portal at ``settings.cdsl_base_url``."""

    def __init__(self, settings: Settings, solver: CaptchaSolver) -> None:
        self.settings = settings
        self.solver = solver
        self.base_url = settings.cdsl_base_url

    async def request_otp(self, pan: str, bo_id: str, dob: date) -> PortalState:
        """Log in with a solved captcha so the portal sends the OTP; the session to continue.
        Raises ``BadRequest`` with the portal's reason (``INVALID_PAN``, ``INVALID_BO_ID``,
        ``NO_CDSL_ACCOUNT``, ``CAPTCHA_FAILED`` after the configured attempts)."""
        await check_portal_address(self.base_url, PORTAL, self.settings)
        async with PortalSession(self.base_url, PORTAL, self.settings) as portal:
            _, page = await portal.page(LOGIN)
            for attempt in range(1, self.settings.portal_captcha_attempts + 1):
                answer = await self._solve(portal, page)
                form = {
                    **_hidden(page),
                    "txtPAN": pan,
                    "txtBOID": bo_id,
                    "txtDOB": dob.strftime("%d/%m/%Y"),
                    "txtCaptcha": answer,
                    "btnGenerateOTP": "Generate OTP",
                }
                reply = await portal.post_form(LOGIN, form)
                if reply.url.path.endswith(OTP):
                    otp_page = read_page(reply.text)
                    return PortalState(cookies=portal.export_cookies(), form=_hidden(otp_page))
                page = read_page(reply.text)
                error = _failure(page.text_of(_MESSAGE) or "the login was refused")
                if (
                    error.code is not Code.CAPTCHA_FAILED
                    or attempt == self.settings.portal_captcha_attempts
                ):
                    raise error
            raise AssertionError("not reached")

    async def _solve(self, portal: PortalSession, page: HtmlPage) -> str:
        source = page.images.get("imgCaptcha")
        if not source:
            raise BadRequest(
                "The CDSL portal's login page has no captcha where one was expected.",
                code=Code.CAPTCHA_FAILED,
            )
        image = await portal.get(portal.path_of(source, "/CAS"), max_bytes=512 * 1024)
        return await self.solver.solve(image.content)

    async def verify_otp(self, state: PortalState, otp: str) -> PortalState:
        """Submit ``otp`` in the session ``state``; the session, logged in. Raises
        :class:`OtpRefused` (``INVALID_OTP``, ``OTP_EXPIRED`` or ``SESSION_EXPIRED``) with the
        session as it stands for the next attempt (the re-rendered form's fields)."""
        await check_portal_address(self.base_url, PORTAL, self.settings)
        async with PortalSession(
            self.base_url, PORTAL, self.settings, cookies=state.cookies
        ) as portal:
            form = {**state.form, "txtOTP": otp, "btnVerify": "Verify"}
            reply = await portal.post_form(OTP, form)
            if reply.url.path.endswith(STATEMENTS):
                return PortalState(cookies=portal.export_cookies())
            if reply.url.path.endswith(LOGIN):
                raise OtpRefused(SessionExpired(), state)
            page = read_page(reply.text)
            error = _failure(page.text_of(_MESSAGE) or "the OTP was refused")
            raise OtpRefused(
                error, PortalState(portal.export_cookies(), _hidden(page) or state.form)
            )

    async def download(self, state: PortalState, num_periods: int) -> list[Statement]:
        """The newest ``num_periods`` statements of a logged-in session."""
        async with PortalSession(
            self.base_url, PORTAL, self.settings, cookies=state.cookies
        ) as portal:
            reply, page = await portal.page(STATEMENTS)
            if reply.url.path.endswith(LOGIN):
                raise SessionExpired()
            links = [link for link in page.links if link.attrs.get("data-period")]
            statements = []
            for link in links[:num_periods]:
                period = link.attrs["data-period"]
                pdf = await portal.get(
                    portal.path_of(link.href, "/CAS"), max_bytes=self.settings.max_upload_bytes
                )
                if not pdf.content.startswith(b"%PDF-"):
                    if pdf.url.path.endswith(LOGIN):
                        raise SessionExpired()
                    raise BadRequest(
                        f"The CDSL portal sent something other than a PDF for {period}.",
                        code=Code.PORTAL_REJECTED,
                    )
                statements.append(
                    Statement(period=period, filename=f"CDSL_CAS_{period}.pdf", data=pdf.content)
                )
            return statements
