"""Thai words choose among the Thai recognizer's own runner-up letters (engine/thai_lexicon.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from airocr.engine.models import ModelStore
from airocr.engine.recognize import CTCRecognizer, RecognizerConfig
from airocr.engine.thai_lexicon import THAI_WORDS_MODEL, ThaiLexicon

WORDS = {"ลด": 5000, "ราคา": 8000, "สัก": 900, "ลัก": 300, "รีวิว": 400, "จาก": 90000}


def _slots(text: str, rivals: dict[int, tuple[str, float]] | None = None) -> list[list[tuple[str, float]]]:
    """One slot per character of ``text``; ``rivals``: slot -> (runner-up, its probability ratio)."""
    out = [[(ch, 0.0)] for ch in text]
    for at, (ch, ratio) in (rivals or {}).items():
        out[at].append((ch, math.log(ratio)))
    return out


def _apply(slots: list[list[tuple[str, float]]], picks: list[int]) -> str:
    return "".join(slot[k][0] for slot, k in zip(slots, picks, strict=True))


def test_look_alike_runners_up_that_make_words_are_taken():
    lex = ThaiLexicon(WORDS)
    slots = _slots("ลตราดา", {1: ("ด", 0.3), 4: ("ค", 0.2)})  # ลดราคา read as ลตราดา
    assert _apply(slots, lex.choose(slots)) == "ลดราคา"


def test_a_letter_without_a_runner_up_is_never_changed():
    lex = ThaiLexicon(WORDS)
    slots = _slots("ลตราดา", {4: ("ค", 0.2)})  # the ต has no alternative: ลด cannot be made
    assert _apply(slots, lex.choose(slots))[:2] == "ลต"


def test_a_more_frequent_word_alone_does_not_change_a_letter():
    lex = ThaiLexicon(WORDS)
    slots = _slots("ลัก", {0: ("ส", 0.5)})  # both are words; สัก is only three times as frequent
    assert _apply(slots, lex.choose(slots)) == "ลัก"


def test_non_thai_slots_separate_words_and_keep_their_winner():
    lex = ThaiLexicon(WORDS)
    slots = _slots("ลต 5 ราดา", {1: ("ด", 0.3), 7: ("ค", 0.2), 3: ("6", 0.9)})
    assert _apply(slots, lex.choose(slots)) == "ลด 5 ราคา"


class _NoSession:
    """Stands for an onnxruntime session: only the recognizer's decoding is used here."""

    class _Arg:
        name, shape = "x", ("n", "t", "c")

    def get_inputs(self):
        return [self._Arg()]

    def get_outputs(self):
        return [self._Arg()]


def _recognizer(charset: str) -> CTCRecognizer:
    return CTCRecognizer(_NoSession(), list(charset), RecognizerConfig(height=32, insert_spaces=False))


def _probs(charset: str, steps: list[dict[str, float]]) -> np.ndarray:
    """(T, classes) probabilities: each step's named classes ("" is the blank), the rest spread thin."""
    labels = ["", *charset, " "]
    out = np.full((len(steps), len(labels)), 1e-4, np.float32)
    for t, named in enumerate(steps):
        for ch, p in named.items():
            out[t, labels.index(ch)] = p
    return out


def test_decode_puts_a_lost_mark_into_a_gap_when_it_makes_a_word():
    charset = "รวจากีิ"
    rec = _recognizer(charset)
    lex = ThaiLexicon(WORDS)
    # "รวิว" read greedily; the ี after ร shows in the blank step between ร and ว at 0.45 of the blank
    steps = [{"ร": 0.9}, {"": 0.55, "ี": 0.25}, {"ว": 0.9}, {"": 0.9}, {"ิ": 0.9}, {"": 0.9}, {"ว": 0.9}]
    probs = _probs(charset, steps)
    assert rec.decode(probs).text == "รวิว"
    out = lex.decode(rec, probs)
    assert out.text == "รีวิว"
    assert out.confidence == pytest.approx(rec.decode(probs).confidence)  # the recognizer's own


def test_decode_keeps_a_confident_reading():
    charset = "ลดตราคา"
    rec = _recognizer(charset)
    steps = [{"ล": 0.99}, {"": 0.99}, {"ต": 0.999, "ด": 1e-3}, {"": 0.99}, {"ร": 0.99}, {"า": 0.99}, {"": 0.9},
             {"ด": 0.99, "ค": 1e-3}, {"า": 0.99}]
    probs = _probs(charset, steps)
    assert ThaiLexicon(WORDS).decode(rec, probs).text == rec.decode(probs).text == "ลตราดา"


def test_installed_word_list_loads_and_holds_common_words():
    store = ModelStore()
    lex = ThaiLexicon.from_file(store.path(THAI_WORDS_MODEL))
    assert {"ราคา", "ลด", "สินค้า", "ติดต่อ"} <= set(lex.logp)
    assert lex.logp["ราคา"] > lex.logp.get("ลักษณ", -math.inf)
