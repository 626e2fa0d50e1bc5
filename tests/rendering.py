"""Images the tests render themselves (fonts from Debian packages installed by .ci/run)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LIBERATION_SERIF = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _fetched_fonts_present() -> bool:
    from scripts.synthesis.thai.fonts import faces

    return bool(faces("THNiramitAS"))


# A capture's card is printed in a family drawn among the installed ones: the capture tests' seeds were
# measured with the fetched fonts (scripts/data/fetch_fonts.py); without them they print otherwise.
needs_fetched_fonts = pytest.mark.skipif(not _fetched_fonts_present(), reason="the captures were measured with the "
                                         "fetched font families (THNiramitAS among them)")


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    if not Path(path).exists():
        pytest.skip(f"font {path} not installed (.ci/run installs it)")
    return ImageFont.truetype(path, size)


def render_lines(lines: list[tuple[str, str, int]], size: tuple[int, int] = (720, 360),
                 margin: int = 24, gap: float = 2.0) -> tuple[np.ndarray, list[tuple[str, tuple[int, int, int, int]]]]:
    """Render ``(text, font_path, px)`` lines top to bottom; return BGR and each line's bbox."""
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    y = margin
    boxes = []
    for text, path, px in lines:
        f = font(path, px)
        draw.text((margin, y), text, font=f, fill=(10, 10, 10))
        boxes.append((text, draw.textbbox((margin, y), text, font=f)))
        y += int(px * gap)
    return np.asarray(img)[:, :, ::-1].copy(), boxes


def to_b64(bgr: np.ndarray, fmt: str = "PNG", **save_kwargs) -> str:
    buf = io.BytesIO()
    Image.fromarray(bgr[:, :, ::-1]).save(buf, fmt, **save_kwargs)
    return base64.b64encode(buf.getvalue()).decode("ascii")
