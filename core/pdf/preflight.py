"""Cheap structural checks with pikepdf (qpdf) before pdfium sees the file.

qpdf repairs damaged cross-reference tables, reports encryption and page count, and hands us
raw stream data whose decoded size :mod:`.filters` measures incrementally, whatever the filter
chain, so a decompression bomb is refused before any renderer inflates it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import pikepdf

from ..errors import BadRequest, Code, PayloadTooLarge, empty_upload
from ..settings import Settings
from .aes256_key import revision6_key
from .filters import decoded_size

_PDF_MAGIC = b"%PDF-"
_JS_KEYS = ("/JavaScript", "/JS")


@dataclass(slots=True)
class PdfFacts:
    """What preflight learned about a document."""

    page_count: int
    encrypted: bool
    metadata: dict[str, str] = field(default_factory=dict)
    #: an encrypted PDF re-saved without encryption (in memory only), so the text layer need
    #: not derive the key again: qpdf and pdfium each take 10-20 ms for an AES-256 key
    decrypted: bytes | None = None
    #: the largest image stream (or soft mask), as (width, height) in pixels
    largest_image: tuple[int, int] = (0, 0)


def preflight(data: bytes, password: str | None, settings: Settings) -> PdfFacts:
    """Validate ``data`` as a PDF within the configured limits, or raise a client error."""
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(
            f"The PDF is {len(data)} bytes; the limit is {settings.max_upload_bytes} bytes."
        )
    if not data:
        raise empty_upload()
    if _PDF_MAGIC not in data[:1024]:
        raise BadRequest("The file is not a PDF (no %PDF- header).", code=Code.NOT_A_PDF)
    try:
        pdf = _open_with_derived_key(data, password or "") or pikepdf.open(
            io.BytesIO(data), password=password or ""
        )
    except pikepdf.PasswordError:
        raise _password_problem(password) from None
    except (pikepdf.PikepdfError, ValueError, RecursionError) as exc:
        raise BadRequest(_DAMAGED, code=Code.DAMAGED_PDF) from exc
    with pdf:
        try:
            return _inspect(pdf, password, settings)
        except (pikepdf.PikepdfError, RecursionError) as exc:  # qpdf fails lazily, anywhere
            raise BadRequest(_DAMAGED, code=Code.DAMAGED_PDF) from exc


#: a stand-in key for the first look at a file: qpdf takes a hex key without checking it, and
#: the ``/Encrypt`` dictionary's own strings are never encrypted, so they read right with any key
_PROBE_KEY = "00" * 32


def _open_with_derived_key(data: bytes, password: str) -> pikepdf.Pdf | None:
    """The PDF opened cheaply: as is when it is not encrypted, with the key derived by
    :mod:`.aes256_key` when it is AES-256 and ``password`` verifies; ``None`` for anything
    else (other encryption, a wrong password, damage), which the caller opens the usual way."""
    try:
        with warnings.catch_warnings():
            # an unencrypted file makes pikepdf warn that the probe key was not needed
            warnings.filterwarnings("ignore", message="A password was provided")
            probe = pikepdf.open(io.BytesIO(data), password=_PROBE_KEY, hex_password=True)
    except (pikepdf.PikepdfError, ValueError, RecursionError):
        return None
    try:
        if not probe.is_encrypted:
            if not password:
                return probe
            # opened the usual way, so pikepdf says the given password was not needed
            probe.close()
            return None
        key = revision6_key(probe.trailer.get("/Encrypt"), password)
    except (pikepdf.PikepdfError, ValueError, RecursionError):
        key = None
    probe.close()
    if key is None:
        return None
    try:
        return pikepdf.open(io.BytesIO(data), password=key.hex(), hex_password=True)
    except (pikepdf.PikepdfError, ValueError, RecursionError):
        return None


_DAMAGED = "The PDF is damaged or truncated and cannot be read."


def _password_problem(password: str | None) -> BadRequest:
    if password:
        return BadRequest("Incorrect password for this PDF.", code=Code.INCORRECT_PASSWORD)
    return BadRequest(
        "This PDF is password-protected; a password is required.", code=Code.PASSWORD_REQUIRED
    )


def _inspect(pdf: pikepdf.Pdf, password: str | None, settings: Settings) -> PdfFacts:
    if pdf.is_encrypted and not pdf.encryption.encryption_key:
        # qpdf rebuilt a damaged file (e.g. one with a ZIP appended) without checking the
        # password, so every encrypted string and stream would read as garbage
        raise _password_problem(password)
    try:
        pages = len(pdf.pages)
    except (pikepdf.PikepdfError, RecursionError) as exc:
        raise BadRequest(
            "The PDF's page tree is damaged and cannot be read.", code=Code.DAMAGED_PDF
        ) from exc
    if pages == 0:
        raise BadRequest("The PDF has no pages.")
    if pages > settings.max_pages:
        raise BadRequest(f"The PDF has {pages} pages; the limit is {settings.max_pages}.")
    if _has_javascript(pdf):
        raise BadRequest("The PDF contains JavaScript; statements never do, so it is refused.")
    largest_image = _check_decompressed_size(pdf, settings.max_decompressed_bytes)
    facts = PdfFacts(
        page_count=pages,
        encrypted=pdf.is_encrypted,
        metadata=_metadata(pdf),
        largest_image=largest_image,
    )
    if facts.encrypted:
        plain = io.BytesIO()
        pdf.save(plain, encryption=False)
        facts.decrypted = plain.getvalue()
    return facts


def _metadata(pdf: pikepdf.Pdf) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        for key, value in pdf.docinfo.items():
            out[str(key).lstrip("/")] = str(value)[:500]
    except (pikepdf.PdfError, ValueError, TypeError):
        pass
    return out


def _has_javascript(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        return True
    for holder in (root.get("/OpenAction"), root.get("/AA")):
        if holder is not None and _mentions_js(holder, depth=0):
            return True
    for page in pdf.pages:
        aa = page.obj.get("/AA")
        if aa is not None and _mentions_js(aa, depth=0):
            return True
    return False


def _mentions_js(obj: object, depth: int) -> bool:
    if depth > 8:
        return False
    if isinstance(obj, pikepdf.Dictionary):
        if any(key in obj for key in _JS_KEYS):
            return True
        return any(_mentions_js(obj[k], depth + 1) for k in obj.keys())  # noqa: SIM118
    if isinstance(obj, pikepdf.Array):
        return any(_mentions_js(item, depth + 1) for item in obj)
    return False


#: deflate's densest code (a 258-byte match at distance 1 in two bits) inflates one byte to
#: at most 1032: a Flate stream's raw size bounds its decoded size without inflating it
FLATE_MOST_PER_BYTE = 1032
_FLATE = (["/FlateDecode"], ["/Fl"])


def _check_decompressed_size(pdf: pikepdf.Pdf, limit: int) -> tuple[int, int]:
    """Undo every stream's filter chain incrementally, refusing once the total passes
    ``limit``. Images are skipped: text extraction never decodes them, and a preview caps
    their pixels before rendering; the largest one's size is returned for that.

    A stream under Flate alone is counted by its bound (:data:`FLATE_MOST_PER_BYTE` times its
    raw size) while the bounds and the exact sizes together stay within ``limit``, as they do
    for every statement; once they would not, those streams are inflated and counted. Every
    inflation's budget is ``limit`` less exact sizes only, so a count that stops at its budget
    always means the document is over the limit."""
    exact = 0
    bounded: list[pikepdf.Stream] = []
    bounds = 0
    largest = (0, 0)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == pikepdf.Name.Image:
            size = _pixels(obj)
            largest = max(largest, size, key=lambda wh: wh[0] * wh[1])
            continue
        filters = _filters(obj)
        if filters in _FLATE:
            raw = obj.read_raw_bytes()
            bound = FLATE_MOST_PER_BYTE * len(raw)
            if exact + bounds + bound <= limit:
                bounded.append(obj)
                bounds += bound
                continue
            exact += decoded_size(raw, filters, limit - exact)
        elif filters:
            exact += decoded_size(obj.read_raw_bytes(), filters, limit - exact)
        else:  # stored as is: its length is its size (no need to read, and decrypt, it)
            exact += _length(obj)
        if exact <= limit < exact + bounds:  # the bounds no longer fit: count those streams
            exact = _inflated(exact, bounded, limit)
            bounded, bounds = [], 0
        if exact > limit:
            raise BadRequest(
                "The PDF decompresses to more than the allowed "
                f"{limit} bytes (a decompression bomb?); refused."
            )
    return largest


def _inflated(exact: int, streams: list[pikepdf.Stream], limit: int) -> int:
    """``exact`` plus the decoded sizes of Flate ``streams``, counted until it passes ``limit``."""
    for stream in streams:
        exact += decoded_size(stream.read_raw_bytes(), _FLATE[0], limit - exact)
        if exact > limit:
            break
    return exact


def _length(stream: pikepdf.Stream) -> int:
    try:
        return max(int(stream.get("/Length", 0)), 0)
    except (TypeError, ValueError):
        return len(stream.read_raw_bytes())


def _pixels(image: pikepdf.Stream) -> tuple[int, int]:
    try:
        return max(int(image.get("/Width", 0)), 0), max(int(image.get("/Height", 0)), 0)
    except (TypeError, ValueError):
        return (0, 0)


def _filters(stream: pikepdf.Stream) -> list[str]:
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        return [str(name) for name in filters]
    return [str(filters)] if filters is not None else []
