"""The checks a retrieval request passes before any portal is asked."""

from __future__ import annotations

import re
from datetime import date

from core.errors import BadRequest, Code

_PAN = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
_BO_ID = re.compile(r"^[0-9]{16}$")
_OTP = re.compile(r"^[0-9]{4,8}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def check_pan(pan: str) -> str:
    """The PAN in capitals; ``INVALID_PAN`` unless it is five letters, four digits, a letter."""
    value = pan.strip().upper()
    if not _PAN.match(value):
        raise BadRequest(
            "Invalid PAN format: expected five letters, four digits and a letter "
            "(e.g. ABCDE1234F).",
            code=Code.INVALID_PAN,
        )
    return value


def check_bo_id(bo_id: str) -> str:
    """The BO ID; ``INVALID_BO_ID`` unless it is 16 digits (CDSL's DP id + client id)."""
    value = bo_id.strip()
    if not _BO_ID.match(value):
        raise BadRequest("Invalid BO ID: a CDSL BO ID is 16 digits.", code=Code.INVALID_BO_ID)
    return value


def check_date(value: str, field: str) -> date:
    """``value`` as a date; ``BAD_REQUEST`` naming ``field`` unless it is YYYY-MM-DD."""
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"`{field}` must be a date as YYYY-MM-DD.") from None


def check_dob(dob: str, today: date) -> date:
    """A date of birth: a real date, in the past."""
    born = check_date(dob.strip(), "dob")
    if born >= today or born.year < 1900:
        raise BadRequest("`dob` must be a date of birth in the past, as YYYY-MM-DD.")
    return born


def check_otp(otp: str) -> str:
    """The OTP; ``INVALID_OTP`` unless it is 4 to 8 digits (not sent to the portal then)."""
    value = otp.strip()
    if not _OTP.match(value):
        raise BadRequest(
            "Invalid OTP: expected the digits sent to your mobile.", code=Code.INVALID_OTP
        )
    return value


def check_email(email: str) -> str:
    """The e-mail address, trimmed; ``BAD_REQUEST`` unless it looks like one."""
    value = email.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise BadRequest("`email` must be an e-mail address.")
    return value


def check_period(from_date: str, to_date: str, today: date) -> tuple[date, date]:
    """A statement period: two dates, the first not after the second, neither in the future."""
    start = check_date(from_date.strip(), "from_date")
    end = check_date(to_date.strip(), "to_date")
    if start > end:
        raise BadRequest("`from_date` must not be after `to_date`.")
    if end > today:
        raise BadRequest("`to_date` must not be in the future.")
    return start, end
