"""Print the Thai recognizer's look-alike letter pairs for ``engine/thaiid/streets.py`` ``LOOKALIKES``.

The pairs are the consonants the shipped model reads one for another, aligned letter by letter
(``difflib``) in its misread validation lines: the held-out fonts, as printed and degraded. Small
vowels and marks are left out (the street snap treats them as slips of their own). Regenerate
after shipping a new recognizer:

    for v in 00000 00001 00002; do
      for hard in "" --hard; do
        python -m scripts.training.eval_recognizer --data data/thai_rec/val_$v.pkl --tesseract 0 $hard \
            --errors 100000 > /tmp/err_$v$hard.txt
      done
    done
    python -m scripts.training.build_lookalikes /tmp/err_*.txt
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
from collections import Counter

from airocr.engine.thaiid.streets import SMALL

# an --errors line of eval_recognizer: "<kind>  '<truth>' -> '<reading>'"
_ERROR_LINE = re.compile(r"^(\w+)\s+(['\"].*['\"]) -> (['\"].*['\"])\s*$")


def _letter(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e" and c not in SMALL


def substitutions(lines: list[str]) -> Counter[str]:
    """Letter-for-letter substitutions between the truth and the reading of each error line, as
    sorted two-letter strings, counted."""
    subs: Counter[str] = Counter()
    for line in lines:
        m = _ERROR_LINE.match(line.rstrip("\n"))
        if not m:
            continue
        try:
            truth, read = ast.literal_eval(m[2]), ast.literal_eval(m[3])
        except (SyntaxError, ValueError):
            continue
        ops = difflib.SequenceMatcher(None, truth, read, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op == "replace" and i2 - i1 == j2 - j1:
                for a, b in zip(truth[i1:i2], read[j1:j2], strict=True):
                    if a != b and _letter(a) and _letter(b):
                        subs["".join(sorted((a, b)))] += 1
    return subs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("error_files", nargs="+", help="eval_recognizer --errors outputs")
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    lines = [ln for f in args.error_files for ln in open(f, encoding="utf-8")]
    subs = substitutions(lines)
    pairs = sorted(p for p, n in subs.items() if n >= args.min_count)
    print(f"# {len(pairs)} pairs seen at least {args.min_count} times in {len(args.error_files)} files")
    print(", ".join(f'"{p}"' for p in pairs))


if __name__ == "__main__":
    main()
