"""The published client's (cas-parser-python 1.14.x) request and response types of the fetch
endpoints, described here because the client on PyPI (1.2.1) predates them: the facts of its
``types/cdsl/fetch_*`` and, from the releases before 1.13, ``types/kfintech_generate_cas_*``.

The responses validate as the client validates them with strict response validation: every field
optional, each of exactly its type (no coercion), extra fields allowed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Published(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class FetchRequestOtpResponse(_Published):
    msg: str | None = None
    session_id: str | None = None
    status: str | None = None


class File(_Published):
    filename: str | None = None
    url: str | None = None


class FetchVerifyOtpResponse(_Published):
    files: list[File] | None = None
    msg: str | None = None
    status: str | None = None


class KfintechGenerateCasResponse(_Published):
    msg: str | None = None
    status: str | None = None


def request_otp_body(*, bo_id: str, dob: str, pan: str) -> dict[str, Any]:
    """``FetchRequestOtpParams``: ``bo_id``, ``dob``, ``pan``, all required."""
    return {"bo_id": bo_id, "dob": dob, "pan": pan}


def verify_otp_body(*, otp: str, num_periods: int | None = None) -> dict[str, Any]:
    """``FetchVerifyOtpParams``: ``otp`` required, ``num_periods`` optional (an int)."""
    body: dict[str, Any] = {"otp": otp}
    if num_periods is not None:
        body["num_periods"] = num_periods
    return body


def generate_cas_body(
    *, email: str, from_date: str, password: str, to_date: str, pan_no: str | None = None
) -> dict[str, Any]:
    """``KfintechGenerateCasParams``: all required but ``pan_no``."""
    body: dict[str, Any] = {
        "email": email,
        "from_date": from_date,
        "password": password,
        "to_date": to_date,
    }
    if pan_no is not None:
        body["pan_no"] = pan_no
    return body
