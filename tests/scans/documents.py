"""Simple everyday documents (not statements) drawn as digital PDFs, seeded.

English ones are drawn with reportlab; the Hindi letter is drawn with Pillow, whose text
layout (libraqm) shapes Devanagari, so it is an image to begin with and its truth is kept
beside it rather than read back from a text layer.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .scan import Noise, degrade, image_pdf

NAMES = ["Anil Menon", "Priya Sharma", "Rahul Verma", "Kavitha Nair", "Arjun Iyer"]
CITIES = ["Pune 411001", "Chennai 600017", "Jaipur 302001", "Kochi 682011", "Nagpur 440010"]


def _pdf(lines: list[tuple[str, float]]) -> bytes:
    """A one-page A4 PDF of ``lines`` (text, font size), top-down, left-aligned."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    y = A4[1] - 72
    for text, size in lines:
        canvas.setFont("Helvetica-Bold" if size > 12 else "Helvetica", size)
        canvas.drawString(60, y, text)
        y -= size * 1.8
    canvas.save()
    return out.getvalue()


def invoice(seed: int) -> bytes:
    rng = random.Random(seed)
    items = [("Printer paper A4 ream", 320), ("Toner cartridge", 2450), ("Stapler", 180)]
    lines = [("TAX INVOICE", 18.0), (f"Invoice No: INV-{rng.randint(1000, 9999)}", 11.0)]
    lines.append((f"Billed to: {rng.choice(NAMES)}, {rng.choice(CITIES)}", 11.0))
    total = 0
    for name, price in items:
        quantity = rng.randint(1, 9)
        total += quantity * price
        lines.append(
            (f"{name}    Qty {quantity}    Rate {price}.00    Amount {quantity * price}.00", 11.0)
        )
    lines.append((f"GST 18%: {total * 18 // 100}.00", 11.0))
    lines.append((f"Total payable: {total + total * 18 // 100}.00", 12.0))
    return _pdf(lines)


def salary_slip(seed: int) -> bytes:
    rng = random.Random(seed)
    basic = rng.randint(30, 90) * 1000
    lines = [
        ("SALARY SLIP", 18.0),
        (f"Employee: {rng.choice(NAMES)}    Employee ID: E{rng.randint(10000, 99999)}", 11.0),
        (f"Pay period: {rng.choice(['April', 'May', 'June'])} 2024", 11.0),
        (f"Basic salary: {basic}.00", 11.0),
        (f"House rent allowance: {basic // 2}.00", 11.0),
        (f"Provident fund deduction: {basic * 12 // 100}.00", 11.0),
        (f"Net pay: {basic + basic // 2 - basic * 12 // 100}.00", 12.0),
    ]
    return _pdf(lines)


def rent_receipt(seed: int) -> bytes:
    rng = random.Random(seed)
    rent = rng.randint(8, 40) * 1000
    return _pdf(
        [
            ("RENT RECEIPT", 18.0),
            (f"Received from {rng.choice(NAMES)} the sum of Rs. {rent}.00", 11.0),
            (f"towards rent of the premises at {rng.choice(CITIES)}", 11.0),
            (f"for the month of {rng.choice(['January', 'February', 'March'])} 2024.", 11.0),
            (f"Landlord PAN: ABCPD{rng.randint(1000, 9999)}K", 11.0),
        ]
    )


BANKS = ["State Bank of India", "HDFC Bank", "ICICI Bank", "Canara Bank"]


def bank_statement(seed: int) -> bytes:
    """A savings account statement: dated rows whose running balance adds up."""
    rng = random.Random(seed)
    balance = rng.randint(20, 200) * 1000
    lines = [
        ("ACCOUNT STATEMENT", 18.0),
        (f"{rng.choice(BANKS)}    Account No: {rng.randint(10**10, 10**11 - 1)}", 11.0),
        (f"Account holder: {rng.choice(NAMES)}    Branch: {rng.choice(CITIES)}", 11.0),
        (f"Opening balance: {balance}.00", 11.0),
    ]
    for day in sorted(rng.sample(range(1, 29), 5)):
        amount = rng.randint(5, 300) * 100
        credit = rng.random() < 0.4
        balance += amount if credit else -amount
        kind, what = ("Cr", "NEFT salary credit") if credit else ("Dr", "UPI payment")
        lines.append((f"{day:02d}-03-2024    {what}    {amount}.00 {kind}    {balance}.00", 11.0))
    lines.append((f"Closing balance: {balance}.00", 12.0))
    return _pdf(lines)


def insurance_letter(seed: int) -> bytes:
    """A renewal notice from an insurer."""
    rng = random.Random(seed)
    premium = rng.randint(8, 60) * 1000
    return _pdf(
        [
            ("POLICY RENEWAL NOTICE", 18.0),
            (f"Dear {rng.choice(NAMES)},", 11.0),
            (f"Your health insurance policy number HP{rng.randint(100000, 999999)}", 11.0),
            (f"falls due for renewal on {rng.randint(1, 28):02d}-07-2024.", 11.0),
            (f"Sum insured: {rng.choice([3, 5, 10])},00,000    Annual premium: {premium}.00", 11.0),
            ("Please pay the premium before the due date to keep your cover.", 11.0),
            ("Yours sincerely, Policy Servicing Team", 11.0),
        ]
    )


DOCUMENTS: dict[str, Callable[[int], bytes]] = {
    "invoice": invoice,
    "bank_statement": bank_statement,
    "salary_slip": salary_slip,
    "rent_receipt": rent_receipt,
    "insurance_letter": insurance_letter,
}


def bundle(pages: int, seed: int = 0) -> bytes:
    """A PDF of ``pages`` everyday documents, one a page, of each kind in turn."""
    kinds = sorted(DOCUMENTS)
    merged = pdfium.PdfDocument.new()
    try:
        for index in range(pages):
            part = pdfium.PdfDocument(DOCUMENTS[kinds[index % len(kinds)]](seed + index))
            merged.import_pages(part)
            part.close()
        out = io.BytesIO()
        merged.save(out)
        return out.getvalue()
    finally:
        merged.close()


#: the parts a Hindi government letter is made of; each seed draws its own letter from them
HINDI_OFFICES = [
    "आयकर विभाग",
    "वित्त मंत्रालय",
    "राजस्व विभाग",
    "डाक विभाग",
    "केंद्रीय भविष्य निधि संगठन",
]
HINDI_NAMES = ["राहुल वर्मा", "सुनीता शर्मा", "अमित कुमार", "प्रिया सिंह", "विकास गुप्ता"]
HINDI_CITIES = ["नई दिल्ली", "जयपुर", "लखनऊ", "भोपाल", "पटना"]
HINDI_SUBJECTS = [
    "आपके खाते की जानकारी",
    "आवेदन की स्थिति",
    "कर वापसी के संबंध में",
    "दस्तावेज़ सत्यापन",
]
HINDI_SENTENCES = [
    "आपको सूचित किया जाता है कि आपका आवेदन स्वीकार कर लिया गया है",
    "कृपया अपने दस्तावेज़ कार्यालय में जमा करें",
    "आपके खाते में {amount} रुपये की राशि जमा की गई है",
    "यह पत्र आपकी जानकारी और आवश्यक कार्यवाही हेतु भेजा जा रहा है",
    "किसी भी प्रश्न के लिए कार्यालय समय में संपर्क करें",
    "आपका पैन कार्ड आपके आधार से जोड़ दिया गया है",
    "निर्धारित तिथि के बाद प्राप्त आवेदन स्वीकार नहीं किए जाएंगे",
    "कृपया इस पत्र की प्रति अपने पास सुरक्षित रखें",
    "आपकी शिकायत पर विचार किया जा रहा है",
    "भुगतान की अंतिम तिथि {date} है",
]
HINDI_CLOSINGS = ["सहायक आयुक्त", "अनुभाग अधिकारी", "क्षेत्रीय अधिकारी"]


def hindi_lines(seed: int) -> list[str]:
    """The lines of Hindi letter ``seed``: office, reference, date, addressee, subject, body."""
    rng = random.Random(seed)
    date = f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2019, 2026)}"
    amount = f"{rng.randint(1, 99)},{rng.randint(100, 999)}"
    body = rng.sample(HINDI_SENTENCES, rng.randint(4, 7))
    return [
        "भारत सरकार",
        rng.choice(HINDI_OFFICES),
        f"पत्र संख्या {rng.randint(100, 9999)}/{rng.randint(2019, 2026)}",
        f"दिनांक {date}",
        "सेवा में",
        f"श्री {rng.choice(HINDI_NAMES)}",
        f"{rng.randint(1, 250)} गांधी नगर {rng.choice(HINDI_CITIES)}",
        f"विषय {rng.choice(HINDI_SUBJECTS)}",
        *(s.format(amount=amount, date=date) for s in body),
        "धन्यवाद",
        "भवदीय",
        rng.choice(HINDI_CLOSINGS),
    ]


def hindi_font() -> Path | None:
    """A Devanagari TrueType font on this machine, if any."""
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
        for pattern in ("*Deva*.ttf", "Lohit-Devanagari.ttf", "*devanagari*.ttf"):
            found = sorted(folder.rglob(pattern))
            if found:
                return found[0]
    return None


def hindi_letter(seed: int = 0, dpi: int = 300, noise: Noise | None = None) -> tuple[bytes, str]:
    """Hindi government letter ``seed`` as an image-only PDF (scanned with ``noise``, if
    given; its ``dpi`` is then the noise's), and its text."""
    font_path = hindi_font()
    assert font_path is not None, "no Devanagari font installed"
    dpi = noise.dpi if noise else dpi
    scale = dpi / 72
    page = Image.new("L", (round(A4[0] * scale), round(A4[1] * scale)), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path), round(14 * scale))
    lines = hindi_lines(seed)
    y = 72 * scale
    for line in lines:
        draw.text((60 * scale, y), line, font=font, fill=0)
        y += 14 * 2 * scale
    if noise is not None:
        page = degrade(page, noise, random.Random(seed))
    return image_pdf([page], dpi), "\n".join(lines)
