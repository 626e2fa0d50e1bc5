"""Deterministic renderer of text-line crops per font family, for the font classifier.

One class = one font family; its styles (regular, bold, italic, ...) are samples of that
class. Crops imitate the pipeline's detector crops: the text's ink box plus a margin of
about 0.1–0.4 × the text height (measured on ``WebImagePipeline`` crops), text 12–48 px,
random text/background colours (flat, gradient, sometimes dark), slight rotation, blur,
rescaling and JPEG.

Text is split into a *training* and a *held-out* vocabulary (every 10th GB2312 level-1
character of ``models/ppocrv6_dict.txt`` and every 5th English word are held out), so
evaluation lines never reuse training text. Latin-only families get Latin text; CJK
families get Chinese, mixed and Latin lines.

    python -m scripts.synthesis.font_data --out data/font_cls/train.npz --seed 0 --per-class 2000
    python -m scripts.synthesis.font_data --out data/font_cls/val.npz --seed 777 --per-class 40 --held-out

The ``.npz`` stores the crops already normalised by :func:`engine.fonts.normalize_crop`
(grayscale, height 32, dark text on white), concatenated along the width.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from airocr.engine.fonts import normalize_crop
from scripts.paths import ROOT

TT = "/usr/share/fonts/truetype"
OT = "/usr/share/fonts/opentype"


@dataclass(frozen=True)
class Family:
    """A class of the classifier: family name (as fontconfig names it) and its style files."""

    name: str
    package: str  # Debian package that installs the files
    licence: str
    cjk: bool
    styles: tuple[tuple[str, int], ...]  # (file, face index in a .ttc)


def _files(directory: str, *names: str, index: int = 0) -> tuple[tuple[str, int], ...]:
    return tuple((f"{directory}/{n}", index) for n in names)


FAMILIES: tuple[Family, ...] = (
    # CJK families (黑体 / 宋体 / 楷体 / 明体 styles).
    Family("Noto Sans CJK SC", "fonts-noto-cjk", "OFL-1.1", True,
           _files(f"{OT}/noto", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", index=2)),
    Family("Noto Serif CJK SC", "fonts-noto-cjk", "OFL-1.1", True,
           _files(f"{OT}/noto", "NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", index=2)),
    Family("AR PL UKai CN", "fonts-arphic-ukai", "Arphic Public License", True,
           _files(f"{TT}/arphic", "ukai.ttc")),
    Family("AR PL UMing CN", "fonts-arphic-uming", "Arphic Public License", True,
           _files(f"{TT}/arphic", "uming.ttc")),
    Family("WenQuanYi Zen Hei", "fonts-wqy-zenhei", "GPL-2+ with font exception", True,
           _files(f"{TT}/wqy", "wqy-zenhei.ttc")),
    # Latin families.
    Family("Liberation Sans", "fonts-liberation", "OFL-1.1", False,
           _files(f"{TT}/liberation", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                  "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf")),
    Family("Liberation Serif", "fonts-liberation", "OFL-1.1", False,
           _files(f"{TT}/liberation", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                  "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf")),
    Family("Liberation Mono", "fonts-liberation", "OFL-1.1", False,
           _files(f"{TT}/liberation", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf",
                  "LiberationMono-Italic.ttf", "LiberationMono-BoldItalic.ttf")),
    Family("DejaVu Sans", "fonts-dejavu-core", "Bitstream Vera / public domain", False,
           _files(f"{TT}/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                  "DejaVuSans-BoldOblique.ttf")),
    Family("DejaVu Serif", "fonts-dejavu-core", "Bitstream Vera / public domain", False,
           _files(f"{TT}/dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                  "DejaVuSerif-BoldItalic.ttf")),
    Family("DejaVu Sans Mono", "fonts-dejavu-core", "Bitstream Vera / public domain", False,
           _files(f"{TT}/dejavu", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
                  "DejaVuSansMono-BoldOblique.ttf")),
    Family("Noto Sans", "fonts-noto-core", "OFL-1.1", False,
           _files(f"{TT}/noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
                  "NotoSans-BoldItalic.ttf")),  # Debian 12's fonts-noto-core has no NotoSans-Medium
    Family("Noto Serif", "fonts-noto-core", "OFL-1.1", False,
           _files(f"{TT}/noto", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
                  "NotoSerif-BoldItalic.ttf")),
    Family("Noto Sans Mono", "fonts-noto-mono", "OFL-1.1", False,
           _files(f"{TT}/noto", "NotoSansMono-Regular.ttf", "NotoSansMono-Bold.ttf")),
    Family("Roboto", "fonts-roboto-unhinted", "Apache-2.0", False,
           _files(f"{TT}/roboto/unhinted/RobotoTTF", "Roboto-Regular.ttf", "Roboto-Bold.ttf", "Roboto-Italic.ttf",
                  "Roboto-BoldItalic.ttf", "Roboto-Medium.ttf")),
    Family("Lato", "fonts-lato", "OFL-1.1", False,
           _files(f"{TT}/lato", "Lato-Regular.ttf", "Lato-Bold.ttf", "Lato-Italic.ttf", "Lato-BoldItalic.ttf",
                  "Lato-Medium.ttf")),
    Family("Carlito", "fonts-crosextra-carlito", "OFL-1.1", False,
           _files(f"{TT}/crosextra", "Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf",
                  "Carlito-BoldItalic.ttf")),
    Family("Caladea", "fonts-crosextra-caladea", "Apache-2.0", False,
           _files(f"{TT}/crosextra", "Caladea-Regular.ttf", "Caladea-Bold.ttf", "Caladea-Italic.ttf",
                  "Caladea-BoldItalic.ttf")),
    Family("FreeMono", "fonts-freefont-ttf", "GPL-3+ with font exception", False,
           _files(f"{TT}/freefont", "FreeMono.ttf", "FreeMonoBold.ttf", "FreeMonoOblique.ttf",
                  "FreeMonoBoldOblique.ttf")),
    Family("Linux Libertine O", "fonts-linuxlibertine", "OFL-1.1 / GPL-2 with font exception", False,
           _files(f"{OT}/linux-libertine", "LinLibertine_R.otf", "LinLibertine_RB.otf", "LinLibertine_RI.otf",
                  "LinLibertine_RBI.otf")),
    Family("URW Gothic", "fonts-urw-base35", "AGPL-3 with font exception", False,
           _files(f"{OT}/urw-base35", "URWGothic-Book.otf", "URWGothic-Demi.otf", "URWGothic-BookOblique.otf",
                  "URWGothic-DemiOblique.otf")),
    Family("URW Bookman", "fonts-urw-base35", "AGPL-3 with font exception", False,
           _files(f"{OT}/urw-base35", "URWBookman-Light.otf", "URWBookman-Demi.otf", "URWBookman-LightItalic.otf",
                  "URWBookman-DemiItalic.otf")),
    Family("C059", "fonts-urw-base35", "AGPL-3 with font exception", False,
           _files(f"{OT}/urw-base35", "C059-Roman.otf", "C059-Bold.otf", "C059-Italic.otf", "C059-BdIta.otf")),
    Family("Z003", "fonts-urw-base35", "AGPL-3 with font exception", False,
           _files(f"{OT}/urw-base35", "Z003-MediumItalic.otf")),
)

DEB_PACKAGES = sorted({f.package for f in FAMILIES})

WORDS = """
the of and to in for is on that by this with you it not or be are from at as your all have new more an
was we will home can us about if page my has search free but our one other do no information time they
site he up may what which their news out use any there see only so his when contact here business who web
also now help get view online first been would how were me services some these click its like service than
find price date back top people had list name just over state year day into email two health world next used
go work last most products music buy data make them should product system post her city add policy number
such please available copyright support message after best software then jan good video well where info
rights public books high school through each links she review years order very privacy book items company
read group need many user said does set under general research university january mail full map reviews
program life know games way days management part could great united hotel real item international center
ebay must store travel comments made development report off member details line terms before hotels did
send right type because local those using results office education national car design take posted internet
address community within states area want phone shipping reserved subject between forum family long based
code show even black check special prices website index being women much sign file link open today
technology south case project same pages version section own found sports house related security both county
american photo game members power while care network down computer systems three total place end following
download him without per access think north resources current posts big media law control water history
pictures size art personal since including guide shop directory board location change white text small rating
rate government children during return students shopping account times sites level digital profile previous
form events love old john main call hours image department title description non insurance another why shall
property class still money quality every listing content country private little visit save tools low reply
customer december compare movies include college value article york man card jobs provide food source author
different press learn sale around print course job canada process teen room stock training too credit point
join science men categories advanced west sales look english left team estate box conditions select windows
photos gay thread week category note live large gallery table register however june october november market
library really action start series model features air industry plan human provided yes required second hot
accessories cost movie forums march september better say questions july going medical test friend come
server study application cart staff articles feedback again play looking issues april never users complete
street topic comment financial things working against standard tax person below mobile less got blog party
payment equipment login student let programs offers legal above recent park stores side act problem red give
memory performance social august quote language story sell options experience rates create key body young
america important field few east paper single age activities club example girls additional password latest
something road gift question changes night hard texas pay four poker status browse issue range building seller
court february always result audio light write war offer blue groups easy given files event release analysis
request china making picture needs possible might professional yet month major star areas future space
""".split()

CN_PUNCT = "，。、：！？（）《》“”"
LATIN_PUNCT = ",.:;!?()-/&%#@"


@lru_cache(maxsize=1)
def common_chinese() -> list[str]:
    """The 3,754 GB2312 level-1 (most frequent) characters of the PP-OCR dictionary.

    Every CJK family here covers all of them, so no line renders with missing glyphs.
    """
    chars = ROOT.joinpath("models", "ppocrv6_dict.txt").read_text("utf-8").split("\n")
    return [c for c in chars if len(c) == 1 and "\u4e00" <= c <= "\u9fff" and _gb2312_level1(c)]


def _gb2312_level1(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def vocab(held_out: bool) -> tuple[list[str], list[str]]:
    """(Chinese characters, English words) of the training or held-out split."""
    han = common_chinese()
    chars = [c for i, c in enumerate(han) if (i % 10 == 7) == held_out]
    words = [w for i, w in enumerate(WORDS) if (i % 5 == 3) == held_out]
    return chars, words


def _word(rng: random.Random, words: list[str]) -> str:
    w = rng.choice(words)
    style = rng.random()
    if style < 0.25:
        return w.capitalize()
    if style < 0.33:
        return w.upper()
    return w


def _number(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"{rng.choice('$¥€£')}{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}"
    if kind == 1:
        return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    if kind == 2:
        return f"{rng.randint(2000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == 3:
        return f"{rng.randint(1, 99)}%"
    if kind == 4:
        return f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}"
    return str(rng.randint(1, 99999))


def latin_line(rng: random.Random, words: list[str]) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 7)):
        r = rng.random()
        parts.append(_number(rng) if r < 0.15 else _word(rng, words))
        if rng.random() < 0.1:
            parts[-1] += rng.choice(LATIN_PUNCT)
    return " ".join(parts)


def chinese_line(rng: random.Random, chars: list[str], words: list[str]) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 4)):
        out.append("".join(rng.choice(chars) for _ in range(rng.randint(2, 6))))
        r = rng.random()
        if r < 0.15:
            out.append(rng.choice(CN_PUNCT))
        elif r < 0.3:
            out.append(_number(rng))
        elif r < 0.38:
            out.append(_word(rng, words))
    return "".join(out)


def line_text(rng: random.Random, family: Family, held_out: bool) -> str:
    chars, words = vocab(held_out)
    if family.cjk and rng.random() < 0.75:
        return chinese_line(rng, chars, words)
    return latin_line(rng, words)


@lru_cache(maxsize=512)
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def _colour_pair(rng: random.Random) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(background, text) colours with enough contrast; mostly dark text on light."""
    if rng.random() < 0.85:
        bg = tuple(rng.randint(190, 255) for _ in range(3))
        fg = tuple(rng.randint(0, 110) for _ in range(3))
    else:
        bg = tuple(rng.randint(0, 90) for _ in range(3))
        fg = tuple(rng.randint(180, 255) for _ in range(3))
    return bg, fg  # type: ignore[return-value]


def render_crop(rng: random.Random, family: Family, text: str) -> np.ndarray:
    """One detector-like BGR crop of ``text`` in a random style of ``family``."""
    path, index = rng.choice(family.styles)
    size = int(round(np.exp(rng.uniform(np.log(12), np.log(48)))))
    font = _font(path, index, size)
    left, top, right, bottom = font.getbbox(text)
    ink_w, ink_h = max(right - left, 1), max(bottom - top, 1)
    mh = size * rng.uniform(0.1, 0.4)
    my = size * rng.uniform(0.1, 0.4)
    pad = int(size * 0.6) + 4  # room for rotation before the final cut
    w, h = ink_w + 2 * pad, ink_h + 2 * pad
    bg, fg = _colour_pair(rng)
    canvas = np.empty((h, w, 3), dtype=np.float32)
    canvas[:] = bg
    if rng.random() < 0.35:  # gradient background
        bg2 = np.clip(np.array(bg) + rng.uniform(-40, 40), 0, 255)
        t = np.linspace(0.0, 1.0, w if rng.random() < 0.5 else h, dtype=np.float32)
        grad = t[None, :, None] if t.size == w else t[:, None, None]
        canvas = canvas * (1 - grad) + bg2[None, None, :] * grad
    img = Image.fromarray(canvas.astype(np.uint8))
    ImageDraw.Draw(img).text((pad - left, pad - top), text, font=font, fill=fg)
    angle = rng.uniform(-1.5, 1.5) if rng.random() < 0.5 else 0.0
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=bg)
    x0 = max(0, int(pad - mh)), max(0, int(pad - my))
    x1 = min(w, int(pad + ink_w + mh) + 1), min(h, int(pad + ink_h + my) + 1)
    img = img.crop((x0[0], x0[1], x1[0], x1[1]))
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.9)))
    if rng.random() < 0.3:  # seen at a different scale (page resized)
        s = rng.uniform(0.6, 1.4)
        img = img.resize((max(1, int(img.width * s)), max(8, int(img.height * s))), Image.BILINEAR)
    if rng.random() < 0.7:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=rng.randint(35, 95))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def samples(seed: int, per_class: int, held_out: bool, families: tuple[Family, ...] = FAMILIES):
    """Yield ``(class_index, text, bgr_crop)``; one RNG per class so classes are independent."""
    for ci, fam in enumerate(families):
        rng = random.Random(f"{seed}:{fam.name}")
        for _ in range(per_class):
            text = line_text(rng, fam, held_out)
            yield ci, text, render_crop(rng, fam, text)


def _build_class(args: tuple[int, int, int, bool]) -> tuple[list[np.ndarray], int]:
    seed, ci, per_class, held_out = args
    fam = FAMILIES[ci]
    rng = random.Random(f"{seed}:{fam.name}")
    out = []
    for _ in range(per_class):
        out.append(normalize_crop(render_crop(rng, fam, line_text(rng, fam, held_out))))
    return out, ci


def build(seed: int, per_class: int, held_out: bool, out: Path, workers: int = 1) -> None:
    """Render, normalise and store ``per_class`` crops for every family."""
    jobs = [(seed, ci, per_class, held_out) for ci in range(len(FAMILIES))]
    if workers > 1:
        from multiprocessing import Pool

        with Pool(workers) as pool:
            results = pool.map(_build_class, jobs)
    else:
        results = [_build_class(j) for j in jobs]
    images: list[np.ndarray] = []
    labels: list[int] = []
    for crops, ci in sorted(results, key=lambda r: r[1]):
        images.extend(crops)
        labels.extend([ci] * len(crops))
    widths = np.array([im.shape[1] for im in images], dtype=np.int32)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, pixels=np.concatenate(images, axis=1), widths=widths, labels=np.array(labels, dtype=np.int16),
             classes=np.array([f.name for f in FAMILIES]))
    print(f"{out}: {len(images)} crops, {len(FAMILIES)} classes, mean width {widths.mean():.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-class", type=int, default=2000)
    ap.add_argument("--held-out", action="store_true", help="use the held-out text vocabulary")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    missing = [p for f in FAMILIES for p, _ in f.styles if not Path(p).exists()]
    if missing:
        sys.exit("missing font files (install " + " ".join(DEB_PACKAGES) + "):\n  " + "\n  ".join(missing))
    build(args.seed, args.per_class, args.held_out, args.out, args.workers)


if __name__ == "__main__":
    main()
