"""Thai + Latin line recognizer stage: the in-house ``th_rec`` model on the shared CTC recognizer.

The model (``models/th_rec.onnx``, trained by ``scripts/training/train_recognizer.py``) follows the
PP-OCR recognizer contract, so it runs on :class:`engine.recognize.CTCRecognizer` unchanged;
only the input height (the manifest's ``height``: 32 or 48) differs, and its space class is real
(it was trained on spaced text), so the Latin gap heuristic for PP-OCR models is off.

On the CPU provider the stage loads ``th_rec_int8.onnx`` (the same model quantized by
``scripts/training/quantize_recognizer.py``: int8 convolutional stack and LSTMs with 7-bit weights, which do
not saturate on CPUs without VNNI; ~1.4x the lines/s of float32 on an AVX2-only CPU, ~1.9x measured
on an AVX512-VNNI one before the stack's Relus and pools were quantized too; held-out line accuracy
94.70 % against float32's 94.65 %) when the manifest lists it;
``RuntimeOptions(int8=False)`` forces float32.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from airocr.engine.models import ModelEntry, ModelStore, RuntimeOptions, read_dictionary
from airocr.engine.recognize import CTCRecognizer, RecognizerConfig

THAI_REC_MODEL = "th_rec"
THAI_REC_INT8_MODEL = "th_rec_int8"
THAI_REC_DICT = "th_rec_dict.txt"
THAI_REC_CONFIG = RecognizerConfig(height=32, batch_size=32, max_width=2400, min_width=16, bgr_input=True,
                                   bucket_ratio=1.5, insert_spaces=False)


def thai_rec_entry(entries: Mapping[str, ModelEntry], runtime: RuntimeOptions) -> ModelEntry:
    """The manifest entry the stage loads: the int8 variant when wanted and listed, else float32."""
    if runtime.wants_int8() and THAI_REC_INT8_MODEL in entries:
        return entries[THAI_REC_INT8_MODEL]
    return entries[THAI_REC_MODEL]


def build_thai_recognizer(store: ModelStore | None = None, config: RecognizerConfig | None = None) -> CTCRecognizer:
    """The batched Thai recognizer on the store's session (default: a store of the installed models).

    ``recognizer.recognize(crops)`` takes upright BGR uint8 line crops and returns one
    :class:`airocr.engine.recognize.LineText` (NFC text, confidence in [0, 1]) per crop.
    """
    store = store or ModelStore()
    entry = thai_rec_entry(store.entries, store.runtime)
    height = int(entry.meta.get("height", THAI_REC_CONFIG.height))
    cfg = config or replace(THAI_REC_CONFIG, height=height,
                            max_width=THAI_REC_CONFIG.max_width * height // THAI_REC_CONFIG.height)
    if cfg.height != height:
        raise ValueError(f"{entry.file} takes height {height}, config says {cfg.height}")
    charset = read_dictionary(store.model_dir / str(entry.meta.get("dictionary", THAI_REC_DICT)))
    return CTCRecognizer(store.session(entry.name), charset, cfg, space_class=True)
