"""The shipped Thai recognizer reads Thai ID-card lines rendered in fonts it never saw in training.

Lines are rendered with Pillow + raqm in held-out families (Loma, Norasi: fonts-thai-tlwg), dark
on a pale background with a detector-like margin, and must come back exactly.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest

from airocr.engine.models import ModelStore, RuntimeOptions, default_model_dir, read_manifest
from airocr.engine.thai_recognizer import THAI_REC_INT8_MODEL, THAI_REC_MODEL, build_thai_recognizer, thai_rec_entry
from scripts.synthesis.thai import fonts, render
from scripts.synthesis.thai.thai_text import format_id, id_checksum

ID12 = "310170023070"
LINES = [
    ("Loma", "นาย สมชาย ใจดี"),
    ("Loma", "5 ก.พ. 2493"),
    ("Loma", format_id(ID12 + str(id_checksum(ID12)))),
    ("Loma", "ศาสนา พุทธ"),
    ("Loma", "Mr. Somchai"),
    ("Norasi", "น.ส. ปิยะดา ศรีสุข"),
    ("Norasi", "5 Feb. 1950"),
    ("Norasi", "12 May 1987"),
    ("Norasi", "1234-56-78901234"),
    ("Norasi", "JT1-2345678-90"),
    ("Loma", "99/12 หมู่ที่ 5 ต.บ้านใหม่"),
    ("Norasi", "อ.เมืองขอนแก่น จ.ขอนแก่น"),
    ("Loma", "แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร"),
    # stacked marks (tone over upper vowel, marks under and over one base, sara am with a tone)
    ("Loma", "ญี่ปุ่น"),
    ("Norasi", "ปี่พาทย์"),
    ("Loma", "น้ำผึ้ง"),
    ("Norasi", "นาย ภูมิพัฒน์ ฐิติวัฒน์"),
]


def _line_image(text: str, family: str) -> np.ndarray:
    face = next(f for f in fonts.faces(family) if "Bold" not in f.path and "Oblique" not in f.path
                and "Italic" not in f.path)
    mask = render.render_mask(text, face, 36).astype(np.float32) / 255.0
    mask = np.pad(mask, ((8, 8), (12, 12)))
    bg = np.array([235, 240, 245], np.float32)  # pale card-like background (BGR)
    ink = np.array([40, 30, 30], np.float32)
    img = bg * (1 - mask[..., None]) + ink * mask[..., None]
    return img.astype(np.uint8)


@pytest.fixture(scope="module")
def recognizer():
    return build_thai_recognizer(ModelStore())  # on CPU: the int8 variant


@pytest.fixture(scope="module")
def recognizer_fp32():
    return build_thai_recognizer(ModelStore(runtime=RuntimeOptions(int8=False)))


def test_cpu_runs_the_int8_variant_and_float32_can_be_forced(monkeypatch) -> None:
    entries = read_manifest(default_model_dir())
    assert thai_rec_entry(entries, RuntimeOptions(use_gpu=False)).name == THAI_REC_INT8_MODEL
    assert thai_rec_entry(entries, RuntimeOptions(use_gpu=False, int8=False)).name == THAI_REC_MODEL
    # with CUDA the float32 model runs (the int8 kernels are CPU-only), unless int8 is asked for
    monkeypatch.setattr(RuntimeOptions, "cuda", lambda self: True)
    assert thai_rec_entry(entries, RuntimeOptions()).name == THAI_REC_MODEL
    assert thai_rec_entry(entries, RuntimeOptions(int8=True)).name == THAI_REC_INT8_MODEL
    int8 = entries[THAI_REC_INT8_MODEL].meta
    assert int8["quantized_from"]["sha256"] == entries[THAI_REC_MODEL].sha256  # made from the shipped model
    assert int8["dictionary"] == entries[THAI_REC_MODEL].meta["dictionary"]


def test_the_stage_resizes_lines_to_the_models_input_height(recognizer, recognizer_fp32) -> None:
    """The height comes from the manifest (32 or 48 px, by architecture) and matches the graph's input."""
    entries = read_manifest(default_model_dir())
    for rec, name in ((recognizer, THAI_REC_INT8_MODEL), (recognizer_fp32, THAI_REC_MODEL)):
        height = rec.session.get_inputs()[0].shape[2]
        assert rec.config.height == entries[name].meta["height"] == height
        assert rec.config.max_width == 2400 * height // 32


def test_a_stretched_reading_gets_more_time_steps(recognizer) -> None:
    """``RecognizerConfig.stretch`` widens each line before reading (eval_recognizer.py --stretch);
    the engine reads at 1.0."""
    assert recognizer.config.stretch == 1.0
    img = _line_image("นาย ภูมิพัฒน์ ฐิติวัฒน์", "Loma")
    wide = copy.copy(recognizer)
    wide.config = replace(recognizer.config, stretch=1.25)
    steps, wide_steps = (r.line_probs([img])[0].shape[0] for r in (recognizer, wide))
    assert steps * 1.25 - 2 <= wide_steps <= steps * 1.25 + 2  # the 8-column padding rounds


def test_heldout_fonts_are_not_trained_on() -> None:
    assert not set(fonts.heldout_families()) & set(fonts.train_families())
    assert {"Loma", "Norasi"} <= set(fonts.heldout_families())


@pytest.mark.parametrize("precision", ["int8", "fp32"])
def test_reads_heldout_font_lines_exactly(precision, recognizer, recognizer_fp32) -> None:
    rec = recognizer if precision == "int8" else recognizer_fp32
    images = [_line_image(text, fam) for fam, text in LINES]
    got = [r.text for r in rec.recognize(images)]
    assert got == [text for _, text in LINES]


def test_batched_equals_single(recognizer) -> None:
    images = [_line_image(text, fam) for fam, text in LINES[:4]]
    batched = [r.text for r in recognizer.recognize(images)]
    single = [recognizer.recognize([im])[0].text for im in images]
    assert batched == single
    assert all(0.0 <= r.confidence <= 1.0 for r in recognizer.recognize(images))


def test_int8_weights_cannot_saturate_on_cpus_without_vnni() -> None:
    """Every int8 weight is within 7 bits (|w| <= 64), so uint8 x int8 pairs summed by ``vpmaddubsw``
    (AVX2, AVX-512 without VNNI) stay inside int16: 2 * 255 * 64 < 32768.  With full 8-bit weights
    the same model read 63.85 % of the held-out test lines on such a CPU against 94.45 % with VNNI,
    and on a VNNI machine the exact-reading test above cannot tell."""
    import onnx  # the dev extra
    from onnx import numpy_helper

    entry = read_manifest(default_model_dir())[THAI_REC_INT8_MODEL]
    model = onnx.load(str(default_model_dir() / entry.file))
    weights = [numpy_helper.to_array(t) for t in model.graph.initializer
               if t.data_type == onnx.TensorProto.INT8 and t.name.endswith("_quantized")]
    assert len(weights) >= 6  # the convolutions, the LSTMs and the MatMuls
    assert max(int(np.abs(w.astype(np.int32)).max()) for w in weights) <= 64


def test_int8_convolutional_stack_stays_in_uint8() -> None:
    """Every convolution and max-pool of the int8 graph sits between a DequantizeLinear and a
    QuantizeLinear (onnxruntime then runs it on uint8), and no float Relu follows a dequantized
    convolution: with the convolutions alone quantized, each layer's output was dequantized for its
    Relu and pooling and quantized again, 16 % of the model's run time on an AVX2-only CPU."""
    import onnx  # the dev extra

    entry = read_manifest(default_model_dir())[THAI_REC_INT8_MODEL]
    nodes = onnx.load(str(default_model_dir() / entry.file)).graph.node
    producer = {out: n.op_type for n in nodes for out in n.output}
    consumers: dict[str, list[str]] = {}
    for n in nodes:
        for name in n.input:
            consumers.setdefault(name, []).append(n.op_type)
    stack = [n for n in nodes if n.op_type in ("Conv", "MaxPool")]
    assert sum(n.op_type == "Conv" for n in stack) >= 6
    for n in stack:
        assert producer.get(n.input[0]) == "DequantizeLinear", n.name
        assert consumers.get(n.output[0]) == ["QuantizeLinear"], n.name
    assert not [n.name for n in nodes if n.op_type == "Relu" and producer.get(n.input[0]) == "DequantizeLinear"]
