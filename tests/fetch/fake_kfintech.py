"""A fake of KFintech's consolidated account statement request form, speaking the protocol
``core/retrieval/kfintech_portal.py`` documents: an anti-forgery cookie and field, a captcha
image, validation errors in a summary block, a redirect to a confirmation page. Accepted
requests are kept in ``requests`` (what would be mailed, and to whom)."""

from __future__ import annotations

import html as html_escape
from datetime import datetime

from tests.fetch.fake_portal import (
    FakePortal,
    Reply,
    Request,
    draw_captcha,
    hidden,
    html,
    redirect,
)

FORM = "/investor/General/ConsolidatedAccountStatement"


class FakeKfintech(FakePortal):
    cookie_name = "__RequestVerificationToken_Session"

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        #: e-mail → PAN of the folios registered with it
        self.registered: dict[str, str] = {}
        #: accepted requests: the posted fields
        self.requests: list[dict[str, str]] = []
        self.readable_captchas = True
        self.routes = {
            ("GET", FORM): self.form_page,
            ("POST", FORM): self.submit,
            ("GET", "/investor/General/GetCaptcha"): self.captcha,
            ("GET", "/investor/General/CASRequestSubmitted"): self.submitted,
        }

    def form_page(self, request: Request, errors: list[str] | None = None) -> Reply:
        state = request.session.values
        state["captcha"] = self.captcha_text()
        state["antiforgery"] = self.token()
        summary = ""
        if errors:
            items = "".join(f"<li>{html_escape.escape(e)}</li>" for e in errors)
            summary = f'<div class="validation-summary-errors"><ul>{items}</ul></div>'
        return html(
            f'<form method="post" action="{FORM}">{summary}'
            f"{hidden('__RequestVerificationToken', state['antiforgery'])}"
            '<input name="Email" /><input name="PAN" /><input name="FromDate" />'
            '<input name="ToDate" /><input name="Password" type="password" />'
            '<input name="ConfirmPassword" type="password" />'
            f'<img id="imgCaptcha" src="GetCaptcha?v={self.rng.randint(0, 10**9)}" />'
            '<input name="Captcha" /><button type="submit">Submit</button></form>'
        )

    def captcha(self, request: Request) -> Reply:
        text = request.session.values.get("captcha")
        if text is None:
            return html("<h1>Bad request</h1>", 400)
        return Reply(
            200, draw_captcha(text, self.rng, readable=self.readable_captchas), "image/png"
        )

    def submit(self, request: Request) -> Reply:
        state, form = request.session.values, request.form
        if (
            not state.get("antiforgery")
            or form.get("__RequestVerificationToken") != state["antiforgery"]
        ):
            return html("<h1>The anti-forgery token could not be decrypted.</h1>", 500)
        if form.get("Captcha", "").upper() != state.pop("captcha", None):
            return self.form_page(request, ["Please enter valid captcha."])
        errors = []
        try:
            start = datetime.strptime(form.get("FromDate", ""), "%d-%b-%Y")
            end = datetime.strptime(form.get("ToDate", ""), "%d-%b-%Y")
            if start > end:
                errors.append("From Date should be less than To Date.")
        except ValueError:
            errors.append("Please enter valid dates.")
        if form.get("Password") != form.get("ConfirmPassword"):
            errors.append("Password and Confirm Password do not match.")
        email = form.get("Email", "")
        if email not in self.registered:
            errors.append("The Email Id is not registered with any folio.")
        elif form.get("PAN") and form["PAN"] != self.registered[email]:
            errors.append("PAN does not match the folios of this Email Id.")
        if errors:
            return self.form_page(request, errors)
        self.requests.append(dict(form))
        state["reference"] = f"CAS{len(self.requests):06d}"
        return redirect("/investor/General/CASRequestSubmitted")

    def submitted(self, request: Request) -> Reply:
        reference = request.session.values.get("reference")
        if reference is None:
            return redirect(FORM)
        return html(
            '<div id="successMessage">Your request has been submitted successfully. '
            f"Reference No: {reference}. The statement will be mailed to your registered "
            "Email Id.</div>"
        )
