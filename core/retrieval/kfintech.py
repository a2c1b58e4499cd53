"""KFintech mail-back: ask KFintech to e-mail the investor a consolidated account statement.

The statement arrives later, by e-mail, protected with the password given here; an inbox import
or a forward-to address brings it into casgate (see the README's "Fetching statements"). The
``kfintech_generate`` credits are taken only when KFintech accepted the request.
"""

from __future__ import annotations

from datetime import date

from core.accounts.credits import spend_async
from core.accounts.principal import Principal
from core.errors import BadRequest, Forbidden
from core.retrieval.captcha import captcha_solver
from core.retrieval.kfintech_portal import KfintechPortal
from core.retrieval.validation import check_email, check_pan, check_period
from core.retrieval.views import KfintechRequestedView
from core.settings import Settings, get_settings

FEATURE = "kfintech_generate"
SUBMITTED = "CAS request submitted. Check email shortly."


async def generate_kfintech_cas(
    principal: Principal,
    email: str,
    from_date: str,
    to_date: str,
    password: str,
    pan_no: str = "",
    *,
    request_id: str = "",
    path: str = "",
    settings: Settings | None = None,
    today: date | None = None,
) -> KfintechRequestedView:
    """Submit KFintech's request form for ``email``'s statement of ``from_date``..``to_date``.

    ``BAD_REQUEST`` (a field), ``INVALID_PAN``, ``CAPTCHA_FAILED``, ``PORTAL_REJECTED`` (400),
    ``CAPTCHA_SOLVER_MISSING`` (501), ``PORTAL_UNAVAILABLE`` (503).
    """
    settings = settings or get_settings()
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot request statements; use an API key or sign in.")
    email = check_email(email)
    start, end = check_period(from_date, to_date, today or date.today())
    if not 1 <= len(password) <= 64 or password != password.strip():
        raise BadRequest("`password` must be 1 to 64 characters without surrounding spaces.")
    pan = check_pan(pan_no) if pan_no.strip() else ""
    portal = KfintechPortal(settings, captcha_solver(settings))
    async with spend_async(principal, FEATURE, request_id=request_id, path=path, settings=settings):
        await portal.request_statement(email, start, end, password, pan)
    return KfintechRequestedView(status="success", msg=SUBMITTED)
