"""The Thai-name ↔ Latin-spelling check and the recognizer's n-best readings it ranks."""

from __future__ import annotations

import numpy as np
import pytest

from airocr.engine.recognize import CTCRecognizer, RecognizerConfig
from airocr.engine.thaiid.romanize import name_distance, romanize, spelling_distance


@pytest.mark.parametrize(("thai", "latin"), [
    ("สมชาย", "somchai"),
    ("โกมารทัต", "komanthat"),  # a leading vowel is spoken after its consonant
    ("ศักดิ์", "sak"),  # thanthakhat silences ดิ
    ("หนู", "nu"),  # ห before a sonorant only sets the tone
    ("พลอยแดง", "phloidaeng"),
    ("จันทร์", "chan"),  # a cluster under thanthakhat after a final is silent whole
    ("ศาสตร์", "sat"),
    ("ภัทรวรรณ", "phatnwan"),  # the consonant before รร starts its syllable (was "phatnoan")
    ("เบอร์", "beo"),  # ... but อ before ร์ is a vowel, kept (its vowel value is rough)
    ("อินทร์อำคา", "inamkha"),  # อ carrying a vowel sign is silent (was "inoamkha")
    ("การือมี", "karuemi"),  # ... and so is the อ of ือ (was "karueomi")
])
def test_romanize_common_names(thai: str, latin: str) -> None:
    assert romanize(thai) == latin


def test_spelling_distance_forgives_vowels_and_aspiration_not_consonants() -> None:
    assert spelling_distance("kittiphong", "Kittipong") < 0.5
    assert spelling_distance("chaidi", "Jaidee") < 2.0  # j for ch, ee for i
    assert spelling_distance("somchai", "Somchai") == 0.0
    assert spelling_distance("sunkifli", "chunkifli") >= 1.0
    # an aspirate's h is the commonest variation (kh/k, ph/p, th/t): seed 19012 hard, อินทร์อำคา
    # printed "Inamka", whose misreading อินทร์อำดา must lose by a whole consonant
    assert spelling_distance("inamkha", "Inamka") == pytest.approx(0.2)
    assert spelling_distance("inamda", "Inamka") - spelling_distance("inamkha", "Inamka") >= 0.8
    assert spelling_distance("yowaphui", "Yowaphuy") == pytest.approx(0.4)  # a final ย spelled y


@pytest.mark.parametrize(("right", "wrong", "latin"), [
    ("ซุลกีฟลี", "ชุลกีฟลี", "Sunkifli"),  # ซ s / ช ch
    ("ทองดี", "หองดี", "Thongdee"),  # ท th / ห h
    ("ดวงใจ", "ตวงใจ", "Duangjai"),  # ด d / ต t
    ("ภูมิ", "กูมิ", "Phum"),  # ภ ph / ก k
])
def test_latin_spelling_prefers_the_right_lookalike(right: str, wrong: str, latin: str) -> None:
    assert name_distance([right, "ใจดี"], [latin, "Jaidee"]) + 0.8 <= name_distance([wrong, "ใจดี"], [latin, "Jaidee"])


def test_a_silent_cluster_does_not_favour_a_misread_one() -> None:
    """Seed 7058 (hard) read นรินทร์ right first, but ทร์ romanized "narint" while the look-alike
    misreading นรินหร์ gave "narin", nearer the card's "Nrin": the check swapped the right name out."""
    right, wrong = ["นรินทร์", "ฉัตรรุ่งเรืองสุข"], ["นรินหร์", "ฉัตรรุ่งเรืองสุข"]
    latin = ["Nrin", "Chatnrungrueangsuk"]
    assert name_distance(right, latin) <= name_distance(wrong, latin)


class _FixedProbs:
    """An ONNX-session stand-in that returns fixed softmax output (decoding is under test, not a model)."""

    def __init__(self, probs: np.ndarray) -> None:
        self.probs = probs

    def get_inputs(self):
        return [type("I", (), {"name": "x"})()]

    def get_outputs(self):
        return [type("O", (), {"shape": [None, None, self.probs.shape[-1]]})()]

    def run(self, _outputs, feeds):
        n = next(iter(feeds.values())).shape[0]
        return [np.repeat(self.probs[None], n, axis=0)]


def test_nbest_swaps_the_unsure_character_and_keeps_greedy_first() -> None:
    charset = ["a", "b", "c"]
    # time steps: a | blank | b (c close behind) | blank | c  -> greedy "abc", variant "acc"
    p = np.full((5, 5), 0.01, np.float32)
    p[0, 1], p[1, 0], p[2, 2], p[2, 3], p[3, 0], p[4, 3] = 0.96, 0.96, 0.6, 0.37, 0.96, 0.96
    rec = CTCRecognizer(_FixedProbs(p), charset, RecognizerConfig(height=8, insert_spaces=False), space_class=True)
    crop = np.zeros((8, 20, 3), np.uint8)
    greedy = rec.recognize([crop])[0]
    nbest = rec.recognize_nbest([crop], n=4, min_ratio=0.1)[0]
    assert greedy.text == "abc" and nbest[0] == greedy
    assert [t.text for t in nbest[1:]] == ["acc"]
    assert nbest[1].relative_logp == pytest.approx(np.log(0.37 / 0.6), abs=1e-4)


def test_nbest_reaches_lower_rivals_and_caps_the_changes() -> None:
    charset = ["a", "b", "c", "d"]
    # a | blank | b (c, then d behind) | blank | c (a behind)  -> greedy "abc"
    p = np.full((5, 6), 0.001, np.float32)
    p[0, 1], p[1, 0], p[3, 0] = 0.99, 0.99, 0.99
    p[2, 2], p[2, 3], p[2, 4] = 0.7, 0.2, 0.09
    p[4, 3], p[4, 1] = 0.9, 0.09
    rec = CTCRecognizer(_FixedProbs(p), charset, RecognizerConfig(height=8, insert_spaces=False), space_class=True)
    crop = np.zeros((8, 20, 3), np.uint8)
    top_only = rec.recognize_nbest([crop], n=50, min_ratio=0.05)[0]
    assert [t.text for t in top_only] == ["abc", "acc", "aba", "aca"]  # the runner-up of each character
    wide = rec.recognize_nbest([crop], n=50, min_ratio=0.05, rivals=2, max_changes=1)[0]
    assert [t.text for t in wide] == ["abc", "acc", "adc", "aba"]  # 'd' (second rival) now reachable, one change
    assert wide[2].relative_logp == pytest.approx(np.log(0.09 / 0.7), abs=1e-4)


def test_nbest_with_indels_inserts_a_washed_out_letter_and_drops_a_doubtful_one() -> None:
    charset = ["a", "b", "c"]
    # a | blank (b at 40 % of it) | c (blank at 20 % of it) | blank  -> greedy "ac"
    p = np.full((4, 5), 0.001, np.float32)
    p[0, 1], p[1, 0], p[1, 2], p[2, 3], p[2, 0], p[3, 0] = 0.99, 0.7, 0.28, 0.8, 0.16, 0.99
    rec = CTCRecognizer(_FixedProbs(p), charset, RecognizerConfig(height=8, insert_spaces=False), space_class=True)
    crop = np.zeros((8, 20, 3), np.uint8)
    plain = rec.recognize_nbest([crop], n=10, min_ratio=0.1)[0]
    assert [t.text for t in plain] == ["ac"]  # no rival character reaches 10 %
    edits = rec.recognize_nbest([crop], n=10, min_ratio=0.1, indels=True)[0]
    assert [t.text for t in edits] == ["ac", "abc", "a", "ab"]
    assert edits[1].relative_logp == pytest.approx(np.log(0.28 / 0.7), abs=1e-4)
    assert edits[3].relative_logp == pytest.approx(np.log(0.4) + np.log(0.2), abs=1e-4)
