"""A fake of CDSL's eCAS portal, speaking the protocol ``core/retrieval/cdsl_portal.py``
documents: ASP.NET-style pages with view state, a session cookie, a captcha image, redirects,
an OTP "sent" to the investor's mobile (kept in ``sms`` for the test to read), the OTP's
5-minute life, 3 attempts, and the statements as generated eCAS PDFs."""

from __future__ import annotations

import html as html_escape
import re
from dataclasses import dataclass, field

from tests.fetch.fake_portal import (
    FakePortal,
    Reply,
    Request,
    draw_captcha,
    hidden,
    html,
    random_digits,
    redirect,
)

OTP_LIFETIME = 300
OTP_ATTEMPTS = 3


@dataclass
class Investor:
    pan: str
    bo_id: str
    dob: str  # DD/MM/YYYY, as the portal's form takes it
    mobile: str
    #: period ("YYYY-MM") → statement PDF, newest first
    statements: dict[str, bytes] = field(default_factory=dict)


class FakeCdsl(FakePortal):
    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        self.investors: list[Investor] = []
        #: mobile → OTPs sent to it, in order
        self.sms: dict[str, list[str]] = {}
        self.readable_captchas = True
        #: wrong OTPs after which the portal ends the session
        self.otp_attempts = OTP_ATTEMPTS
        self.routes = {
            ("GET", "/CAS/Login.aspx"): self.login_page,
            ("POST", "/CAS/Login.aspx"): self.login,
            ("GET", "/CAS/Captcha.ashx"): self.captcha,
            ("GET", "/CAS/OTP.aspx"): self.otp_page,
            ("POST", "/CAS/OTP.aspx"): self.verify,
            ("GET", "/CAS/Statements.aspx"): self.statements,
            ("GET", "/CAS/Download.ashx"): self.download,
        }

    # ---------------------------------------------------------------- pages
    def _form_page(self, request: Request, message: str, fields: str, button: str) -> Reply:
        state = request.session.values
        state["viewstate"] = self.token()
        error = f'<span id="lblMessage" class="error">{html_escape.escape(message)}</span>'
        return html(
            f'<form method="post" action="{request.path.rsplit("/", 1)[-1]}" id="form1">'
            f"{hidden('__VIEWSTATE', state['viewstate'])}"
            f"{hidden('__EVENTVALIDATION', self.token())}"
            f"{error}{fields}{button}</form>"
        )

    def login_page(self, request: Request, message: str = "") -> Reply:
        state = request.session.values
        state["captcha"] = self.captcha_text()
        fields = (
            '<input name="txtPAN" type="text" /><input name="txtBOID" type="text" />'
            '<input name="txtDOB" type="text" placeholder="DD/MM/YYYY" />'
            f'<img id="imgCaptcha" src="Captcha.ashx?r={self.rng.random():.8f}" />'
            '<input name="txtCaptcha" type="text" />'
        )
        button = '<input type="submit" name="btnGenerateOTP" value="Generate OTP" />'
        return self._form_page(request, message, fields, button)

    def captcha(self, request: Request) -> Reply:
        text = request.session.values.get("captcha")
        if text is None:  # no login page was shown in this session
            return html("<h1>Bad request</h1>", 400)
        png = draw_captcha(text, self.rng, readable=self.readable_captchas)
        return Reply(200, png, "image/png", {"Cache-Control": "no-cache"})

    def login(self, request: Request) -> Reply:
        state, form = request.session.values, request.form
        if not state.get("viewstate") or form.get("__VIEWSTATE") != state["viewstate"]:
            return html("<h1>Invalid postback or callback argument.</h1>", 500)
        expected = state.pop("captcha", None)
        if expected is None or form.get("txtCaptcha", "").upper() != expected:
            return self.login_page(request, "Invalid Captcha. Please try again.")
        if not re.fullmatch(r"[A-Z]{5}[0-9]{4}[A-Z]", form.get("txtPAN", "")):
            return self.login_page(request, "Invalid PAN.")
        if not re.fullmatch(r"[0-9]{16}", form.get("txtBOID", "")):
            return self.login_page(request, "Invalid BO ID.")
        investor = next(
            (
                i
                for i in self.investors
                if (i.pan, i.bo_id, i.dob)
                == (form["txtPAN"], form["txtBOID"], form.get("txtDOB", ""))
            ),
            None,
        )
        if investor is None:
            return self.login_page(request, "No records found for the details entered.")
        otp = random_digits(self.rng, 6)
        self.sms.setdefault(investor.mobile, []).append(otp)
        state.update(stage="otp", investor=investor, otp=otp, otp_sent=self.now(), otp_attempts=0)
        return redirect("OTP.aspx")

    def otp_page(self, request: Request, message: str = "") -> Reply:
        state = request.session.values
        if state.get("stage") != "otp":
            return redirect("Login.aspx?expired=1")
        mobile = state["investor"].mobile
        sent = f'<span id="lblInfo">OTP sent to mobile XXXXXX{mobile[-4:]}</span>'
        fields = f'{sent}<input name="txtOTP" type="password" maxlength="6" />'
        button = '<input type="submit" name="btnVerify" value="Verify" />'
        return self._form_page(request, message, fields, button)

    def verify(self, request: Request) -> Reply:
        state, form = request.session.values, request.form
        if state.get("stage") != "otp":
            return redirect("Login.aspx?expired=1")
        if form.get("__VIEWSTATE") != state.get("viewstate"):
            return html("<h1>Invalid postback or callback argument.</h1>", 500)
        if self.now() - state["otp_sent"] > OTP_LIFETIME:
            state["stage"] = "login"
            return self.otp_page_expired(request)
        if form.get("txtOTP") != state["otp"]:
            state["otp_attempts"] += 1
            if state["otp_attempts"] >= self.otp_attempts:
                state.clear()
                return redirect("Login.aspx?expired=1")
            return self.otp_page(request, "Invalid OTP. Please try again.")
        state["stage"] = "in"
        return redirect("Statements.aspx")

    def otp_page_expired(self, request: Request) -> Reply:
        request.session.values["stage"] = "otp"  # the page still renders, with the reason
        reply = self.otp_page(request, "OTP has expired. Please generate a new OTP.")
        request.session.values["stage"] = "login"
        return reply

    def statements(self, request: Request) -> Reply:
        state = request.session.values
        if state.get("stage") != "in":
            return redirect("Login.aspx?expired=1")
        rows = "".join(
            f'<tr><td>{period}</td><td><a href="Download.ashx?id={period.replace("-", "")}" '
            f'data-period="{period}">Download</a></td></tr>'
            for period in state["investor"].statements
        )
        return html(f'<table id="gvStatements">{rows}</table><a href="Logout.aspx">Logout</a>')

    def download(self, request: Request) -> Reply:
        state = request.session.values
        if state.get("stage") != "in":
            return redirect("Login.aspx?expired=1")
        wanted = request.query.get("id", "")
        for period, pdf in state["investor"].statements.items():
            if period.replace("-", "") == wanted:
                return Reply(
                    200,
                    pdf,
                    "application/pdf",
                    {"Content-Disposition": f'attachment; filename="CAS_{wanted}.pdf"'},
                )
        return html("<h1>Statement not found</h1>", 404)
