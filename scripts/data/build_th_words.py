"""Build ``models/th_words.tsv.gz``: Thai words and how often they occur, for Web Image's Thai lines.

Web Image's Thai recognizer confuses look-alike letters in small text (``ลดราคา`` read ``ลตราดา``);
:mod:`engine.thai_lexicon` lets it choose, among its own runner-up letters, the reading that makes
common words. The list is the Thai National Corpus's word frequencies as shipped in the
``pythainlp==5.4.0`` wheel (``pythainlp/corpus/tnc_freq.txt``; CC0-1.0 per the wheel's
``corpus_license.md``): running text (news, fiction, academic, ...) segmented into words, independent
of this repository's page and card generators (whose filler words come from ``words_th.txt``, a
different list).

Kept: words of Thai letters and marks only, seen at least ``MIN_COUNT`` times.

    pip download --no-deps pythainlp==5.4.0 -d /tmp/w
    python -m scripts.data.build_th_words /tmp/w/pythainlp-5.4.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import gzip
import re
import zipfile

from scripts.paths import ROOT

OUT = ROOT / "models" / "th_words.tsv.gz"
FREQS = "pythainlp/corpus/tnc_freq.txt"
MIN_COUNT = 2  # words seen once are mostly segmentation debris
_THAI_WORD = re.compile(r"[\u0E01-\u0E4E]+")


def word_counts(lines: list[str]) -> list[tuple[str, int]]:
    """(word, count) of the kept words (see the module docstring), most frequent first."""
    out: dict[str, int] = {}
    for line in lines:
        word, _, count = line.rstrip("\n").partition("\t")
        if _THAI_WORD.fullmatch(word) and count.isdigit() and int(count) >= MIN_COUNT:
            out[word] = out.get(word, 0) + int(count)
    return sorted(out.items(), key=lambda wc: (-wc[1], wc[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", help="pythainlp-5.4.0-py3-none-any.whl")
    args = ap.parse_args()
    with zipfile.ZipFile(args.wheel) as z:
        lines = z.read(FREQS).decode("utf-8").splitlines()
    counts = word_counts(lines)
    body = "".join(f"{w}\t{n}\n" for w, n in counts)
    # mtime 0: the same list gives the same bytes (and sha256) on every build
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(body.encode("utf-8"))
    print(f"{OUT}: {len(counts)} words")


if __name__ == "__main__":
    main()
