"""Turn a PDF into what a scanner makes of it: an image-only PDF, with the text it showed.

Each page is rendered at the scan's resolution and degraded like paper through a scanner:
turned by a few degrees (skew), maybe fed upside down or sideways (90/180/270), blurred,
speckled and compressed as JPEG. The ground truth is the original's text layer.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter


@dataclass(frozen=True)
class Noise:
    """How a page is degraded; angles in degrees counter-clockwise."""

    dpi: int = 300
    skew: float = 0.0
    rotation: int = 0  # 0, 90, 180 or 270
    blur: float = 0.0  # Gaussian radius in pixels
    jpeg_quality: int = 90
    speckles: int = 0  # dark specks per page
    #: darkness (0-1) of the fine diagonal stripes of security paper (stamp paper, cheques)
    #: the page is printed on
    pattern: float = 0.0

    @staticmethod
    def random(rng: random.Random) -> Noise:
        return Noise(
            dpi=rng.choice((200, 250, 300)),
            skew=round(rng.uniform(-5, 5), 1),
            rotation=rng.choice((0, 0, 90, 180)),
            blur=rng.choice((0.0, 0.6, 1.0)),
            jpeg_quality=rng.randint(35, 85),
            speckles=rng.randint(0, 400),
        )


@dataclass
class ScannedDocument:
    pdf: bytes
    #: the original's text, page by page
    truth: list[str]
    noise: list[Noise] = field(default_factory=list)


def degrade(image: Image.Image, noise: Noise, rng: random.Random) -> Image.Image:
    if noise.pattern:
        image = patterned(image, noise.pattern, noise.dpi)
    if noise.skew:
        image = image.rotate(noise.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise.rotation:
        image = image.rotate(noise.rotation, expand=True)
    if noise.blur:
        image = image.filter(ImageFilter.GaussianBlur(noise.blur))
    if noise.speckles:
        pixels = image.load()
        assert pixels is not None
        for _ in range(noise.speckles):
            pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.randint(0, 90)
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=noise.jpeg_quality)
    return Image.open(io.BytesIO(jpeg.getvalue()))


def patterned(image: Image.Image, darkness: float, dpi: int) -> Image.Image:
    """``image`` printed on paper with diagonal stripes of ``darkness``, each 0.7 mm wide."""
    width = max(1, round(dpi * 0.7 / 25.4))
    shade = round(255 * (1 - darkness))
    tile = Image.new("L", (2 * width, 2 * width), 255)  # the stripes repeat every 2 widths
    for y in range(tile.height):
        for x in range(tile.width):
            if (x + y) // width % 2:
                tile.putpixel((x, y), shade)
    stripes = Image.new("L", image.size, 255)
    for top in range(0, image.height, tile.height):
        for left in range(0, image.width, tile.width):
            stripes.paste(tile, (left, top))
    return ImageChops.darker(image, stripes)


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, one page per image, each page the image's size at ``dpi``."""
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def scan(
    pdf: bytes, noises: list[Noise], seed: int = 0, password: str | None = None
) -> ScannedDocument:
    """``pdf`` scanned page by page with ``noises[i]`` (the last one repeats)."""
    rng = random.Random(seed)
    document = pdfium.PdfDocument(pdf, password=password)
    images, truth, used = [], [], []
    try:
        for index in range(len(document)):
            noise = noises[min(index, len(noises) - 1)]
            page = document[index]
            textpage = page.get_textpage()
            truth.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            bitmap = page.render(scale=noise.dpi / 72, grayscale=True)
            images.append(degrade(bitmap.to_pil().convert("L"), noise, rng))
            used.append(noise)
            page.close()
    finally:
        document.close()
    dpis = {n.dpi for n in used}
    assert len(dpis) == 1, "one resolution per scanned document"
    return ScannedDocument(image_pdf(images, dpis.pop()), truth, used)
