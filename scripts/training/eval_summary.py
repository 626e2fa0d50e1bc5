"""The headline numbers of an eval_recognizer report, as the recognizer's manifest entries carry them.

Both the export (float32 entry) and the quantization (int8 entry) write them, so they live here.
"""

from __future__ import annotations


def summarise(m: dict, path: str) -> dict:
    """The headline numbers of an eval_recognizer.py report, for the manifest."""

    def short(d: dict) -> dict:
        return {k: {"line_acc": round(v["line_acc"], 4), "cer": round(v["cer"], 4)} for k, v in d.items()}

    out = {"test_set": f"{m['data']} ({m['lines']} lines, 13 kinds, held-out fonts only)",
           "lines_per_s_2_threads": round(m["lines_per_s"], 1),
           "mean_width_px_at_h32": round(m["mean_width_px_at_h32"], 1), "ours": short(m["ours"]),
           "full_report": path}
    if "tesseract" in m:
        out["tesseract_tha_eng_psm7"] = short(m["tesseract"])
    return out
