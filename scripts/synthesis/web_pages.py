"""Deterministic synthetic "web images" with ground-truth lines, for tests and benchmarks.

Each sample is a screenshot-like page (UI text, prices, times, Chinese and English
phrases) or a dense 11–13 px table, optionally rotated. Fonts come from Debian packages
(fonts-dejavu-core, fonts-liberation, fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-ukai).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

LATIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
]
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
]

WORDS = ("free shipping order today new arrivals best seller limited offer sign in account cart checkout "
         "books coffee garden music travel hotel flight booking search results price total discount member "
         "delivery tracking number support contact from to subject message inbox settings profile logout "
         "weekly deals summer sale download install update version open close save share report").split()
NAMES = ["Bluebird Books", "Green Leaf Cafe", "Harbor Hotel", "Sunrise Market", "Nova Travel", "Maple Store"]
CN_PHRASES = ["欢迎光临", "限时优惠", "立即购买", "免费送货", "新品上市", "会员专享", "查看详情", "加入购物车",
              "订单已发货", "客服热线", "今日特价", "全场包邮", "热销排行", "收货地址", "支付成功", "优惠券",
              "我的订单", "商品评价", "店铺首页", "联系我们"]


@dataclass(frozen=True)
class WebSample:
    image: np.ndarray  # BGR uint8
    lines: list[str]
    kind: str
    quads: np.ndarray = field(default_factory=lambda: np.zeros((0, 4, 2)))  # (N, 4, 2) ink box per line


def ink_quad(text: str, xy: tuple[int, int], font: ImageFont.FreeTypeFont) -> list[list[float]]:
    """The ink box of ``text`` drawn at ``xy`` (pixels covered >= 1/3), as tl, tr, br, bl pixel edges."""
    x0, y0, x1, y1 = (int(v) for v in ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(xy, text, font=font))
    pad = 4
    mask = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 0)
    ImageDraw.Draw(mask).text((xy[0] - x0 + pad, xy[1] - y0 + pad), text, font=font, fill=255)
    ys, xs = np.nonzero(np.asarray(mask) >= 85)
    if xs.size == 0:
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
    lf, t, r, b = x0 - pad + xs.min(), y0 - pad + ys.min(), x0 - pad + xs.max() + 1, y0 - pad + ys.max() + 1
    return [[lf, t], [r, t], [r, b], [lf, b]]


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def available(paths: list[str]) -> list[str]:
    return [p for p in paths if Path(p).exists()]


def _latin_line(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"FROM: {rng.choice(NAMES)}"
    if kind == 1:
        return f"Open {rng.randrange(6, 11):02d}:{rng.choice(['00', '30'])} - {rng.randrange(17, 23)}:00"
    if kind == 2:
        return f"Total: ${rng.randrange(5, 999)}.{rng.randrange(100):02d}"
    if kind == 3:
        return f"Order No. {rng.randrange(10**7, 10**8)}"
    n = rng.randrange(2, 6)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        words[0] = words[0].capitalize()
    return " ".join(words)


def _cn_line(rng: random.Random) -> str:
    text = "".join(rng.sample(CN_PHRASES, rng.randrange(1, 3)))
    if rng.random() < 0.4:
        text += f"{rng.randrange(1, 99)}元"
    return text


def page_sample(rng: random.Random) -> WebSample:
    width, height = rng.randrange(560, 900), rng.randrange(360, 640)
    bg = tuple(rng.randrange(225, 256) for _ in range(3))
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    lines: list[str] = []
    quads: list[list[list[float]]] = []
    y = rng.randrange(12, 30)
    latin, cjk = available(LATIN_FONTS), available(CJK_FONTS)
    while True:
        size = rng.randrange(16, 34)
        if y + size * 1.6 > height - 10:
            break
        is_cn = rng.random() < 0.4
        text = _cn_line(rng) if is_cn else _latin_line(rng)
        font = _font(rng.choice(cjk if is_cn else latin + cjk[:1]), size)
        x = rng.randrange(10, 60)
        right = draw.textbbox((x, y), text, font=font)[2]
        if right > width - 10:
            y += int(size * 0.5)
            continue
        fg = tuple(rng.randrange(0, 90) for _ in range(3))
        draw.text((x, y), text, font=font, fill=fg)
        lines.append(text)
        quads.append(ink_quad(text, (x, y), font))
        y += int(size * rng.uniform(1.6, 2.4))
    return WebSample(np.asarray(img)[:, :, ::-1].copy(), lines, "page", np.array(quads, np.float64).reshape(-1, 4, 2))


def table_sample(rng: random.Random) -> WebSample:
    """Dense table with 11–13 px text, the peer's weak spot."""
    size = rng.randrange(11, 14)
    font = _font(rng.choice(available(LATIN_FONTS[:4])), size)
    cols = 3
    rows = rng.randrange(10, 18)
    col_w = 150
    width, height = cols * col_w + 20, int(rows * size * 1.8) + 20
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    lines: list[str] = []
    quads: list[list[list[float]]] = []
    for r in range(rows):
        y = 10 + int(r * size * 1.8)
        if r % 2:
            draw.rectangle([5, y - 2, width - 5, y + size + 3], fill=(240, 244, 250))
        for c in range(cols):
            if c == 0:
                text = rng.choice(WORDS).capitalize()
            elif c == 1:
                text = f"{rng.randrange(1, 9999)}.{rng.randrange(100):02d}"
            else:
                text = f"{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}"
            draw.text((10 + c * col_w, y), text, font=font, fill=(20, 20, 20))
            lines.append(text)
            quads.append(ink_quad(text, (10 + c * col_w, y), font))
    return WebSample(np.asarray(img)[:, :, ::-1].copy(), lines, "table", np.array(quads, np.float64).reshape(-1, 4, 2))


def rotate_sample(sample: WebSample, angle: float) -> WebSample:
    import cv2

    h, w = sample.image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(w * cos + h * sin), int(w * sin + h * cos)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(sample.image, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    # quads are pixel edges, warpAffine maps pixel centres: shift by half a pixel either side
    quads = (sample.quads - 0.5) @ m[:, :2].T + m[:, 2] + 0.5 if len(sample.quads) else sample.quads
    return WebSample(out, sample.lines, f"tilted{angle:+.0f}", quads)


def benchmark_set(seed: int = 7, pages: int = 24, tables: int = 8, tilted: int = 12) -> list[WebSample]:
    rng = random.Random(seed)
    out = [page_sample(rng) for _ in range(pages)]
    out += [table_sample(rng) for _ in range(tables)]
    for _ in range(tilted):
        angle = rng.choice([-1, 1]) * rng.uniform(5, 40)
        out.append(rotate_sample(page_sample(rng), angle))
    return out
