"""Symbols the Thai recognizer has no class for, taken from PP-OCR's reading of the same line.

``th_rec`` (the Thai + Latin recognizer of engine/thai_lines.py) was trained on ID cards: it has no
class for ``·``, ``€``, ``¥`` or ``$``, so a taken Thai reading writes some other character there
(``22:41 · ดวง`` → ``22:41 . ดวง``, ``€1,418.61`` → ``E1,418.61``), and in small text it drops the
colon of a time now and then (``19:05`` → ``1905``). PP-OCR reads those symbols, and the digits and Latin
around them, as well as ever. The two readings are aligned on what they agree on (runs with at least
``ThaiLineConfig.symbol_min_anchor`` letters or digits, :mod:`difflib`), and right next to such a run:

- a run of symbols PP-OCR read with at least ``symbol_min_prob`` each, all of them outside the Thai recognizer's
  classes, replaces the Thai reading's run of symbols there (or its one non-Thai letter or digit, the
  look-alike it wrote instead: ``E`` for ``€``);
- between two agreed runs where the Thai reading has nothing at all, PP-OCR's sure symbols are put in.

A symbol both recognizers have a class for and read differently is left as the Thai reading has it, and
no letter, digit or Thai character is ever taken from PP-OCR. Evidence: docs/tuning/thai_lines.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from airocr.engine.recognize import LineText

THAI_CHAR = re.compile(r"[\u0e01-\u0e5b]")  # a Thai letter, vowel, mark or digit


@dataclass(frozen=True)
class SymbolConfig:
    """The two numbers of this step, as ``ThaiLineConfig.symbol_min_prob`` / ``symbol_min_anchor`` set them."""

    min_prob: float
    min_anchor: int


def _is_symbol(c: str) -> bool:
    return not c.isspace() and not c.isalnum() and not THAI_CHAR.match(c)


def _anchor(text: str, cfg: SymbolConfig) -> bool:
    return sum(c.isascii() and c.isalnum() for c in text) >= cfg.min_anchor


def _lead(s: str, from_end: bool) -> tuple[int, int]:
    """The span ``[a, b)`` of ``s``'s run of symbols at its start (or end), spaces next to the anchor
    skipped."""
    n = len(s)
    idx = range(n - 1, -1, -1) if from_end else range(n)
    run: list[int] = []
    for i in idx:
        if s[i].isspace() and not run:
            continue
        if not _is_symbol(s[i]):
            break
        run.append(i)
    if not run:
        return (n, n) if from_end else (0, 0)
    return min(run), max(run) + 1


def _sure(pp: LineText, a: int, b: int, cfg: SymbolConfig) -> bool:
    probs = [pp.char_prob(i) for i in range(a, b)]
    return bool(probs) and all(p is not None and p >= cfg.min_prob for p in probs)


def _stand_in(th: str, from_end: bool) -> tuple[int, int] | None:
    """A lone non-Thai letter or digit at the start (end) of ``th``, next to the anchor: what the Thai
    recognizer writes for a symbol it has no class for."""
    stripped = th.rstrip() if from_end else th.lstrip()
    if not stripped:
        return None
    i = len(stripped) - 1 if from_end else len(th) - len(stripped)
    c = th[i]
    nb = th[i - 1] if from_end and i > 0 else (th[i + 1] if not from_end and i + 1 < len(th) else " ")
    if c.isalnum() and not THAI_CHAR.match(c) and (nb.isspace() or THAI_CHAR.match(nb) or _is_symbol(nb)):
        return i, i + 1
    return None


def _repair_side(th: str, pp_text: str, j0: int, pp: LineText, known: frozenset[str], from_end: bool,
                 cfg: SymbolConfig) -> tuple[int, int, str] | None:
    """The edit ``(a, b, symbols)`` of the gap ``th`` next to an anchor on its start (or end) side."""
    pa, pb = _lead(pp_text, from_end)
    if pa == pb or not _sure(pp, j0 + pa, j0 + pb, cfg):
        return None
    syms = pp_text[pa:pb]
    if any(c in known for c in syms):
        return None  # both recognizers have the class: no evidence which is right
    ta, tb = _lead(th, from_end)
    if ta == tb:
        span = _stand_in(th, from_end)
        if span is None:
            return None
        ta, tb = span
    return ta, tb, syms


def keep_symbols(thai: LineText, pp: LineText, known: frozenset[str], cfg: SymbolConfig) -> LineText:
    """``thai`` (a taken Thai reading) with the symbols PP-OCR read in ``pp`` and the Thai recognizer
    cannot (``known``: its classes) put in next to the runs the two readings agree on."""
    a, b = thai.text, pp.text
    if not a or not b or not pp.char_probs:
        return thai
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[str] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        gap, pp_gap = a[i1:i2], b[j1:j2]
        if op == "equal":
            out.append(gap)
            continue
        left = k > 0 and _anchor(a[ops[k - 1][1]:ops[k - 1][2]], cfg)
        right = k + 1 < len(ops) and _anchor(a[ops[k + 1][1]:ops[k + 1][2]], cfg)
        out.append(_repair_gap(gap, pp_gap, j1, pp, known, left, right, cfg))
    text = "".join(out)
    return thai if text == a else LineText(text, thai.confidence, thai.relative_logp)


def _repair_gap(gap: str, pp_gap: str, j1: int, pp: LineText, known: frozenset[str], left: bool, right: bool,
                cfg: SymbolConfig) -> str:
    if not gap.strip():  # the Thai reading has nothing here: only sure symbols between two anchors
        if left and right and pp_gap.strip() and all(_is_symbol(c) or c.isspace() for c in pp_gap) \
                and _sure(pp, j1, j1 + len(pp_gap), cfg):
            return gap + pp_gap.strip() if gap else pp_gap.strip()
        return gap
    edits = []
    if left and (e := _repair_side(gap, pp_gap, j1, pp, known, False, cfg)) is not None:
        edits.append(e)
    if right and (e := _repair_side(gap, pp_gap, j1, pp, known, True, cfg)) is not None:
        if not edits or e[0] >= edits[0][1]:
            edits.append(e)
    for ta, tb, syms in sorted(edits, reverse=True):
        gap = gap[:ta] + syms + gap[tb:]
    return gap
