"""Thai name ↔ Latin spelling agreement: the card's English rows check its Thai name.

A Thai ID card prints the holder's name twice: in Thai, and spelled in Latin letters on the English
rows. The Thai recognizer's commonest mistakes on names swap look-alike consonants whose Latin
spellings differ (ซ s / ช ch, ท th / ห h, ด d / ต t, ข kh / ช ch, ภ ph / ก k, ฎ d / ฏ t), and the
Latin reading of the English rows is the stronger of the two. So the Thai reading's close
alternatives (:meth:`engine.recognize.CTCRecognizer.recognize_nbest`) are scored by how well a rough
romanization of each matches the English name, and a clearly better match replaces the first choice.

The romanization here is deliberately rough (Royal Institute consonant values, a syllable-initial or
-final guess from the neighbouring marks, vowels approximated): it only has to rank spellings that
differ in one or two letters, and :func:`spelling_distance` forgives what cards vary in (vowels, an
aspirate's ``h``).
"""

from __future__ import annotations

# consonant -> (syllable-initial value, syllable-final value), Royal Institute system
_CONSONANTS: dict[str, tuple[str, str]] = {
    "ก": ("k", "k"), "ข": ("kh", "k"), "ฃ": ("kh", "k"), "ค": ("kh", "k"), "ฅ": ("kh", "k"), "ฆ": ("kh", "k"),
    "ง": ("ng", "ng"), "จ": ("ch", "t"), "ฉ": ("ch", "t"), "ช": ("ch", "t"), "ซ": ("s", "t"), "ฌ": ("ch", "t"),
    "ญ": ("y", "n"), "ฎ": ("d", "t"), "ฏ": ("t", "t"), "ฐ": ("th", "t"), "ฑ": ("th", "t"), "ฒ": ("th", "t"),
    "ณ": ("n", "n"), "ด": ("d", "t"), "ต": ("t", "t"), "ถ": ("th", "t"), "ท": ("th", "t"), "ธ": ("th", "t"),
    "น": ("n", "n"), "บ": ("b", "p"), "ป": ("p", "p"), "ผ": ("ph", "p"), "ฝ": ("f", "p"), "พ": ("ph", "p"),
    "ฟ": ("f", "p"), "ภ": ("ph", "p"), "ม": ("m", "m"), "ย": ("y", "i"), "ร": ("r", "n"), "ล": ("l", "n"),
    "ว": ("w", "o"), "ศ": ("s", "t"), "ษ": ("s", "t"), "ส": ("s", "t"), "ห": ("h", ""), "ฬ": ("l", "n"),
    "อ": ("", ""), "ฮ": ("h", ""),
}
_LEADING = {"เ": "e", "แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}
# vowel signs written after or over/under their consonant
_FOLLOWING = {"ะ": "a", "ั": "a", "า": "a", "ำ": "am", "ิ": "i", "ี": "i", "ึ": "ue", "ื": "ue", "ุ": "u", "ู": "u",
              "็": "", "ฤ": "rue", "ฦ": "lue"}
_SILENT = "่้๊๋ํ"  # tone marks and nikhahit carry no letter
_SONORANTS = set("นมลวยรญง")
# first and second consonants of a cluster (one onset: กร, ปล, ขว; เปล, โคร under one leading vowel)
_CLUSTER_FIRST = set("กขคตปผพ")
_CLUSTER_SECOND = set("รลว")
_VOWELS = set("aeiou")


def romanize(thai: str) -> str:
    """A rough Latin spelling of one Thai word (lower case)."""
    chars = [c for c in thai if c not in _SILENT]
    # a consonant under thanthakhat (and a vowel sign it carries) is not pronounced: ศักดิ์ -> sak
    keep = [True] * len(chars)
    for i, c in enumerate(chars):
        if c == "์":
            keep[i] = False
            j = i - 1
            if j >= 0 and chars[j] in "ิุ":
                keep[j] = False
                j -= 1
            if j >= 0:
                keep[j] = False
                if chars[j] == "ร" and j >= 2 and chars[j - 1] in _CONSONANTS and chars[j - 1] != "อ" \
                        and chars[j - 2] in _CONSONANTS:
                    keep[j - 1] = False  # a cluster after a final is silent whole: จันทร์ chan, ศาสตร์ sat
    chars = [c for c, k in zip(chars, keep, strict=True) if k]
    n = len(chars)
    is_cons = [c in _CONSONANTS for c in chars]

    def initial(i: int) -> bool:
        """Does consonant ``i`` start a syllable (rather than close one)?"""
        prev = chars[i - 1] if i else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        return (i == 0 or prev in _LEADING or nxt in _FOLLOWING or nxt == "อ"
                or chars[i + 1:i + 3] == ["ร", "ร"])  # รร is the vowel "a(n)": วรรณ wan

    out: list[str] = []
    pending = ""  # a leading vowel (เ แ โ ใ ไ) is written first but spoken after its consonant
    i = 0
    while i < n:
        c = chars[i]
        nxt = chars[i + 1] if i + 1 < n else ""
        prev = chars[i - 1] if i else ""
        if c in _LEADING:
            pending += _LEADING[c]
        elif c in _FOLLOWING:
            out.append(_FOLLOWING[c])
        elif c == "ร" and nxt == "ร" and out:
            out.append("a" if i + 2 < n else "an")  # ธรรม tham, สรร san
            i += 1
        elif c == "อ" and (nxt in _FOLLOWING or prev == "ื"):
            pass  # อ carrying a vowel sign (อำ am, อิ i) or closing ือ (การือมี karuemi) is silent
        elif c == "อ" and out and prev not in _LEADING:
            out.append("o")  # between consonants อ is the vowel "o" (หอม hom, ลอย loi)
        elif is_cons[i]:
            first, final = _CONSONANTS[c]
            if c == "ห" and nxt in _SONORANTS:
                i += 1
                continue  # ห before a sonorant only sets the tone (หนู nu, หมอ mo)
            opens = initial(i)
            out.append(first if opens else final)
            if pending and not (c in _CLUSTER_FIRST and nxt in _CLUSTER_SECOND):
                out.append(pending)
                pending = ""
            elif opens and not pending and i + 1 < n and is_cons[i + 1] and nxt != "อ" \
                    and chars[i + 1:i + 3] != ["ร", "ร"] \
                    and not (c in _CLUSTER_FIRST and nxt in _CLUSTER_SECOND and initial(i + 1)):
                # a bare initial before another consonant carries an unwritten vowel: "o" before a
                # final (สม som), "a" before a new syllable (สมัย samai)
                out.append("a" if initial(i + 1) else "o")
        else:
            out.append(c.lower() if c.isascii() and c.isalpha() else "")
        i += 1
    out.append(pending)
    return "".join(out)


def spelling_distance(a: str, b: str) -> float:
    """Edit distance between two Latin spellings that forgives what name spellings vary in: a vowel
    for a vowel or a vowel dropped costs 0.4, an aspirate's ``h`` dropped or added (``kh``/``k``,
    ``ph``/``p``, ``th``/``t``) 0.2 and any other ``h`` 0.4, ``y`` for ``i`` 0.4 (a final ย), ``j``
    for ``ch`` 0.5; any other letter 1."""
    a, b = a.lower(), b.lower()
    cost_a, cost_b = _indel_costs(a), _indel_costs(b)
    prev = [0.0]
    for cb in cost_b:
        prev.append(prev[-1] + cb)
    for i, ca in enumerate(a):
        cur = [prev[0] + cost_a[i]]
        for j, cb in enumerate(b):
            if ca == cb:
                sub = 0.0
            elif ca in _VOWELS and cb in _VOWELS:
                sub = 0.4
            elif {ca, cb} == {"y", "i"}:
                sub = 0.4
            elif {ca, cb} == {"j", "c"}:
                sub = 0.5
            else:
                sub = 1.0
            cur.append(min(prev[j] + sub, prev[j + 1] + cost_a[i], cur[j] + cost_b[j]))
        prev = cur
    return prev[-1]


def _indel_costs(word: str) -> list[float]:
    """What dropping or adding each letter of ``word`` costs (see :func:`spelling_distance`)."""
    return [0.2 if ch == "h" and i and word[i - 1] in "kpt" else 0.4 if ch in _VOWELS or ch == "h" else 1.0
            for i, ch in enumerate(word)]


def name_distance(thai_parts: list[str], latin_parts: list[str]) -> float:
    """Summed spelling distance of Thai name parts (given, family) to their Latin spellings."""
    return sum(spelling_distance(romanize(t), e) for t, e in zip(thai_parts, latin_parts, strict=True))
