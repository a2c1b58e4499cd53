"""Domain errors: every failure the core reports carries an HTTP status, a stable code and a
human message.

The core knows nothing about gRPC; the server maps ``http_status`` onto a gRPC code and a
``google.rpc.ErrorInfo`` (whose ``reason`` is the code) so that REST clients see exactly this
status, code and message.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """The stable, machine-readable ``code`` of an error body. A client branches on these, never
    on the wording of ``msg``; new codes may be added, existing ones are never renamed."""

    BAD_REQUEST = "BAD_REQUEST"
    EMPTY_UPLOAD = "EMPTY_UPLOAD"
    NOT_A_PDF = "NOT_A_PDF"
    DAMAGED_PDF = "DAMAGED_PDF"
    PASSWORD_REQUIRED = "PASSWORD_REQUIRED"
    INCORRECT_PASSWORD = "INCORRECT_PASSWORD"
    NO_TEXT_LAYER = "NO_TEXT_LAYER"
    UNRECOGNISED_DOCUMENT = "UNRECOGNISED_DOCUMENT"
    WRONG_STATEMENT_TYPE = "WRONG_STATEMENT_TYPE"
    PDF_URL_REFUSED = "PDF_URL_REFUSED"
    PDF_URL_FAILED = "PDF_URL_FAILED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    CONFLICT = "CONFLICT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL = "INTERNAL"
    NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
    UNAVAILABLE = "UNAVAILABLE"
    PROCESSING_TIMEOUT = "PROCESSING_TIMEOUT"
    # statement retrieval (CDSL fetch, KFintech mailback)
    INVALID_PAN = "INVALID_PAN"
    INVALID_BO_ID = "INVALID_BO_ID"
    NO_CDSL_ACCOUNT = "NO_CDSL_ACCOUNT"
    CAPTCHA_FAILED = "CAPTCHA_FAILED"
    OTP_EXPIRED = "OTP_EXPIRED"
    INVALID_OTP = "INVALID_OTP"
    SESSION_EXPIRED = "SESSION_EXPIRED"
    PORTAL_REJECTED = "PORTAL_REJECTED"
    CAPTCHA_SOLVER_MISSING = "CAPTCHA_SOLVER_MISSING"
    PORTAL_UNAVAILABLE = "PORTAL_UNAVAILABLE"


#: each code's usual HTTP status and what it means, for the README's table (``make readme``)
CODE_MEANINGS: dict[Code, tuple[int, str]] = {
    Code.BAD_REQUEST: (
        400,
        "the request is invalid (a missing or out-of-range field); `msg` says which",
    ),
    Code.EMPTY_UPLOAD: (400, "the uploaded file is empty"),
    Code.NOT_A_PDF: (400, "the file is not a PDF"),
    Code.DAMAGED_PDF: (400, "the PDF is damaged or truncated, or crashed its worker"),
    Code.PASSWORD_REQUIRED: (400, "the PDF is encrypted and no password was given"),
    Code.INCORRECT_PASSWORD: (400, "the password does not open the PDF"),
    Code.NO_TEXT_LAYER: (
        400,
        "the PDF has no text layer (a scan); statements must be the original",
    ),
    Code.UNRECOGNISED_DOCUMENT: (400, "the PDF is not a statement or contract note casgate knows"),
    Code.WRONG_STATEMENT_TYPE: (400, "the statement is of another type than the endpoint parses"),
    Code.PDF_URL_REFUSED: (400, "`pdf_url` is not an http(s) URL or points somewhere not allowed"),
    Code.PDF_URL_FAILED: (
        400,
        "`pdf_url` could not be fetched (no answer, an error status, too big)",
    ),
    Code.UNAUTHENTICATED: (401, "the API key or token is missing, unknown, expired or revoked"),
    Code.INSUFFICIENT_CREDITS: (402, "the account has too few credits for this call"),
    Code.FORBIDDEN: (403, "authenticated, but not allowed to do this"),
    Code.NOT_FOUND: (404, "no such path, or no such resource of yours"),
    Code.METHOD_NOT_ALLOWED: (405, "the path exists, with another HTTP method (see `Allow`)"),
    Code.CONFLICT: (
        409,
        "the resource is in a state that does not allow this (a cancelled job, say)",
    ),
    Code.PAYLOAD_TOO_LARGE: (413, "the request or its PDF exceeds a size limit"),
    Code.RATE_LIMITED: (429, "too many requests; retry after `Retry-After` seconds"),
    Code.INTERNAL: (500, "an unexpected server error"),
    Code.NOT_IMPLEMENTED: (501, "the document was recognised, but its family has no parser yet"),
    Code.UNAVAILABLE: (
        503,
        "a dependency (the queue) or the gateway is unavailable; retry shortly",
    ),
    Code.PROCESSING_TIMEOUT: (504, "processing outlived its deadline"),
    # statement retrieval (CDSL fetch, KFintech mailback)
    Code.INVALID_PAN: (400, "`pan` is not a PAN (five letters, four digits, one letter)"),
    Code.INVALID_BO_ID: (400, "`bo_id` is not a 16-digit CDSL BO ID"),
    Code.NO_CDSL_ACCOUNT: (400, "CDSL has no demat account for this PAN, BO ID and date of birth"),
    Code.CAPTCHA_FAILED: (400, "the portal's captcha could not be solved; try again"),
    Code.OTP_EXPIRED: (400, "the OTP has expired; start a new fetch"),
    Code.INVALID_OTP: (400, "the OTP is wrong; the session allows a few attempts"),
    Code.SESSION_EXPIRED: (
        404,
        "the fetch session expired or used up its OTP attempts; start a new fetch",
    ),
    Code.PORTAL_REJECTED: (400, "the registrar's portal refused the request; `msg` says why"),
    Code.CAPTCHA_SOLVER_MISSING: (
        501,
        "this server has no captcha solver configured (`CASGATE_CAPTCHA_SOLVER`)",
    ),
    Code.PORTAL_UNAVAILABLE: (503, "the CDSL or KFintech portal did not answer; retry later"),
}


def code_table() -> str:
    """The README's table of error codes, generated from the one above."""
    rows = ["| code | status | meaning |", "|---|---|---|"]
    rows += [
        f"| `{code}` | {status} | {meaning} |" for code, (status, meaning) in CODE_MEANINGS.items()
    ]
    return "\n".join(rows)


class CasgateError(Exception):
    """Base class of every error that is safe to show to a client."""

    http_status: int = 500
    #: the code of errors of this class unless one is given
    default_code: Code = Code.INTERNAL

    def __init__(
        self, message: str, *, code: Code | None = None, extra: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code: Code = code or self.default_code
        #: additional string fields a client may need (e.g. ``retry_after``, ``requires_reconnect``)
        self.extra: dict[str, str] = dict(extra or {})


class BadRequest(CasgateError):
    http_status = 400
    default_code = Code.BAD_REQUEST


def empty_upload() -> BadRequest:
    """The error for an uploaded file without a byte in it."""
    return BadRequest("The upload is empty; expected a PDF.", code=Code.EMPTY_UPLOAD)


class Unauthenticated(CasgateError):
    http_status = 401
    default_code = Code.UNAUTHENTICATED


class InsufficientCredits(CasgateError):
    http_status = 402
    default_code = Code.INSUFFICIENT_CREDITS


class Forbidden(CasgateError):
    http_status = 403
    default_code = Code.FORBIDDEN


class NotFound(CasgateError):
    http_status = 404
    default_code = Code.NOT_FOUND


class SessionExpired(NotFound):
    """A fetch session that existed but can no longer be used: as good as unknown (404), with a
    code of its own so a client knows to start a new fetch."""

    default_code = Code.SESSION_EXPIRED

    def __init__(
        self, message: str = "The CDSL fetch session has expired; please start a new fetch."
    ) -> None:
        super().__init__(message)


class Conflict(CasgateError):
    http_status = 409
    default_code = Code.CONFLICT


class PayloadTooLarge(CasgateError):
    http_status = 413
    default_code = Code.PAYLOAD_TOO_LARGE


class RateLimited(CasgateError):
    http_status = 429
    default_code = Code.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, extra={"retry_after": str(retry_after)})
        self.retry_after = retry_after


class NotImplementedYet(CasgateError):
    http_status = 501
    default_code = Code.NOT_IMPLEMENTED


#: the message of a call that needed Redis while it was down
REDIS_UNAVAILABLE = "Redis (the batch queue) is unavailable; retry in a moment"


class ServiceUnavailable(CasgateError):
    """A dependency (Redis) is down; the call may succeed once it is back."""

    http_status = 503
    default_code = Code.UNAVAILABLE


class ProcessingTimeout(CasgateError):
    http_status = 504
    default_code = Code.PROCESSING_TIMEOUT


class InternalError(CasgateError):
    http_status = 500
    default_code = Code.INTERNAL
