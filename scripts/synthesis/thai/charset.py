"""The recognizer's character set and dictionary file (one NFC code point per line).

Class 0 is the CTC blank, classes 1..N are the dictionary lines, and the last class is space
(PP-OCR ``use_space_char`` convention), so the dictionary file itself holds no space line.
"""

from __future__ import annotations

import string
from pathlib import Path

THAI = [chr(c) for c in range(0x0E01, 0x0E3B)] + [chr(c) for c in range(0x0E3F, 0x0E5C)]
PUNCT = list(".,-/:()'\"#&+%")
CHARS: list[str] = THAI + list(string.ascii_uppercase) + list(string.ascii_lowercase) + list(string.digits) + PUNCT


def classes() -> list[str]:
    """Class index -> character ("" for blank at 0, " " last)."""
    return [""] + CHARS + [" "]


def char_to_index() -> dict[str, int]:
    return {c: i for i, c in enumerate(classes()) if i > 0}


def write_dict(path: str | Path) -> None:
    Path(path).write_text("\n".join(CHARS) + "\n", encoding="utf-8")


def read_dict(path: str | Path) -> list[str]:
    """Read a dictionary file back into the class list (blank, chars..., space)."""
    chars = [ln for ln in Path(path).read_text(encoding="utf-8").split("\n") if ln != ""]
    return [""] + chars + [" "]
