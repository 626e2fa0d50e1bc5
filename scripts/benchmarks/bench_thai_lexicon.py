"""The Thai word list's effect on the Thai recognizer (engine/thai_lexicon.py), on text nobody here wrote.

Lines are Thai Wikipedia article titles (``pythainlp/corpus/wikipedia_titles_th.txt`` in the
``pythainlp==5.4.0`` wheel: people, places, organisations, works and topics, so mostly names and
phrases, many of them in no word list), rendered by headless Chromium in the registry-packaged
Thai web fonts at 11-30 CSS px and DPR 1-3 and cropped as Web Image crops
(:mod:`scripts.synthesis.thai.web_lines`). Each crop is read by the Thai recognizer greedily and
with the word list; the script prints exact-line accuracy both ways, how many lines the word list
made right and how many it made wrong (it must not turn a right reading of a name into a word).

    pip download --no-deps pythainlp==5.4.0 -d /tmp/w
    python -m scripts.benchmarks.bench_thai_lexicon /tmp/w/pythainlp-5.4.0-py3-none-any.whl --pages 12
"""

from __future__ import annotations

import argparse
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace

from airocr.engine.models import ModelStore, RuntimeOptions
from airocr.engine.thai_lexicon import THAI_WORDS_MODEL, ThaiLexicon
from airocr.engine.thai_recognizer import build_thai_recognizer
from scripts.synthesis.browser_pages import CHROMIUM, CHROMIUM_ARGS
from scripts.synthesis.thai import thai_text
from scripts.synthesis.thai.web_lines import render_page, web_faces

TITLES = "pythainlp/corpus/wikipedia_titles_th.txt"
_THAI_TITLE = re.compile(r"[\u0E01-\u0E4E]+(?: [\u0E01-\u0E4E]+)*")


def title_source(wheel: str) -> Callable[[random.Random], str]:
    """Draws titles of Thai letters (and single spaces), 4-40 characters long."""
    with zipfile.ZipFile(wheel) as z:
        titles = [t.strip() for t in z.read(TITLES).decode("utf-8").splitlines()]
    titles = sorted({t for t in titles if _THAI_TITLE.fullmatch(t) and 4 <= len(t) <= 40})
    return lambda rng: rng.choice(titles)


def _report(name: str, truths: list[str], plain: list[str], worded: list[str], show: bool) -> None:
    n = len(truths)
    right_plain = sum(a == t for a, t in zip(plain, truths, strict=True))
    right_worded = sum(b == t for b, t in zip(worded, truths, strict=True))
    made_right = sum(a != t and b == t for a, b, t in zip(plain, worded, truths, strict=True))
    made_wrong = sum(a == t and b != t for a, b, t in zip(plain, worded, truths, strict=True))
    changed = sum(a != b for a, b in zip(plain, worded, strict=True))
    print(f"{name}: {n} lines, exact {right_plain / n:.3f} greedy -> {right_worded / n:.3f} with the word list; "
          f"changed {changed}, made right {made_right}, made wrong {made_wrong}")
    if show:
        for a, b, t in zip(plain, worded, truths, strict=True):
            if a != b:
                print(f"  {t!r}: {a!r} -> {b!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wheel", help="pythainlp-5.4.0-py3-none-any.whl")
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print every line the word list changed")
    ap.add_argument("--configs", nargs="*", default=[""],
                    help="LexiconConfig settings to compare on the same lines, e.g. 'min_gain=2,lm_weight=0.3'")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    source = title_source(args.wheel)
    store = ModelStore(runtime=RuntimeOptions(intra_op_threads=args.threads))
    rec = build_thai_recognizer(store)
    base = ThaiLexicon.from_file(store.path(THAI_WORDS_MODEL))
    faces = web_faces()
    crops, truths = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for k in range(args.pages):
                for crop, text, _ in render_page(browser, random.Random(f"lexicon:{args.seed}:{k}"), faces, source):
                    crops.append(crop)
                    truths.append(thai_text.nfc(text))
        finally:
            browser.close()
    plain = [t.text for t in rec(crops)]
    for spec in args.configs:
        changes = {k: float(v) for k, v in (kv.split("=") for kv in spec.split(",") if kv)}
        lex = base.with_config(replace(base.config, **changes))
        _report(spec or "default", truths, plain, [t.text for t in lex.recognize(rec, crops)], args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
