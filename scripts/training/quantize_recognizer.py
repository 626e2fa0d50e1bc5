"""Int8 version of the exported Thai recognizer, for CPU inference.

    python -m scripts.training.quantize_recognizer                     # models/th_rec.onnx -> models/th_rec_int8.onnx
    python -m scripts.training.quantize_recognizer --src X.onnx --dst Y.onnx --calib data/thai_rec/train_00900.pkl

Two onnxruntime passes, because the model's time goes to two kinds of op (profiled on 2 cores at
batch 16, width 256: Conv ~62 %, LSTM ~31 %):

1. the convolutional stack, statically (QDQ, per-channel int8 weights, uint8 activations with
   MinMax ranges calibrated on ``--lines`` *training* lines, never the held-out validation or test
   sets). The Relus and MaxPools are quantized with the convolutions: with the convolutions alone
   every layer's uint8 output was dequantized to float32 for its Relu and MaxPool and quantized
   again for the next convolution, 16 % of the run time on an AVX2-only CPU (ORT profile, 600 test
   lines); quantized, onnxruntime fuses each Relu into its convolution and pools in uint8;
2. the LSTMs and the MatMuls (projection, head), dynamically (int8 weights, activation ranges
   computed per batch at run time).

Both passes quantize the weights to 7 bits (``reduce_range``).  On an x86 CPU without VNNI
(AVX2 or AVX-512 without VNNI) onnxruntime multiplies uint8 activations by int8 weights with
``vpmaddubsw``, which adds two products into a saturating int16: 255 * 127 * 2 overflows it,
255 * 64 * 2 = 32640 does not.  With full 8-bit weights the shipped m5 read 94.45 % of the held-out
test lines on an AVX512-VNNI CPU but 63.85 % on an AVX2-only one (float32 94.65 % on both); with
7-bit weights it reads the same on both, since neither saturates.

The softmax output stays float32.  The int8 graph uses CPU-only kernels (QLinearConv,
DynamicQuantizeLSTM), so the engine loads it only when it runs on the CPU provider; with CUDA it
keeps the float32 model.  ``scripts/training/export_recognizer.py`` calls :func:`quantize` after export and
writes the int8 file's own manifest entry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

import cv2
import numpy as np

from scripts.paths import MODELS
from scripts.training.eval_summary import summarise
from scripts.training.rec_data import load_shard, pad_batch, preprocess

DEFAULT_CALIB = "data/thai_rec/train_00900.pkl"
STATIC_OPS = ("Conv", "Relu", "MaxPool")  # the convolutional stack, kept in uint8 end to end
CALIB_LINES = 256  # training lines that calibrate the activation ranges (and measure agreement)


class _Lines:
    """onnxruntime CalibrationDataReader over pre-rendered training lines, 16 per batch."""

    def __init__(self, shard: Path, lines: int, height: int, input_name: str = "x") -> None:
        data = load_shard(shard)
        imgs = [preprocess(cv2.imdecode(np.frombuffer(b, np.uint8), cv2.IMREAD_COLOR), height=height)
                for b in data["images"][:lines]]
        imgs.sort(key=lambda im: im.shape[2])  # batches of similar width, as the engine forms them
        self._batches = iter([{input_name: pad_batch(imgs[i: i + 16])} for i in range(0, len(imgs), 16)])

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._batches, None)

    def rewind(self) -> None:  # part of the reader protocol; calibration reads once
        pass


def input_height(model: Path) -> int:
    """The fixed input height of an exported recognizer (its input is [N, 3, H, W])."""
    import onnx

    return int(onnx.load(str(model)).graph.input[0].type.tensor_type.shape.dim[2].dim_value)


def quantize(src: Path, dst: Path, calib: Path, lines: int = CALIB_LINES) -> None:
    """Write the int8 model ``dst`` from the float32 ``src`` (see the module docstring)."""
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(_Lines, CalibrationDataReader):
        pass

    with tempfile.TemporaryDirectory() as tmp:
        pre, convs = Path(tmp) / "pre.onnx", Path(tmp) / "conv_int8.onnx"
        quant_pre_process(str(src), str(pre))
        quantize_static(str(pre), str(convs), Reader(calib, lines, input_height(src)), quant_format=QuantFormat.QDQ,
                        op_types_to_quantize=list(STATIC_OPS), per_channel=True, reduce_range=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)
        quantize_dynamic(str(convs), str(dst), op_types_to_quantize=["LSTM", "MatMul"],
                         reduce_range=True, weight_type=QuantType.QInt8)


def agreement(a: Path, b: Path, calib: Path, lines: int = CALIB_LINES) -> float:
    """Share of time steps where the two models' arg-max class agrees, on ``lines`` lines."""
    import onnxruntime as ort

    sa = ort.InferenceSession(str(a), providers=["CPUExecutionProvider"])
    sb = ort.InferenceSession(str(b), providers=["CPUExecutionProvider"])
    same = total = 0
    reader = _Lines(calib, lines, sa.get_inputs()[0].shape[2])
    while (feed := reader.get_next()) is not None:
        pa, pb = sa.run(None, feed)[0].argmax(-1), sb.run(None, feed)[0].argmax(-1)
        same += int((pa == pb).sum())
        total += pa.size
    return same / max(total, 1)


def write_entry(src: Path, dst: Path, calib: Path, lines: int, agree: float, metrics: dict | None = None) -> Path:
    """``MANIFEST.d/<dst stem>.json`` beside ``dst``: the float32 entry's contract and provenance,
    this file's hash, how it was quantized, and its own metrics when given."""
    src_entry = json.loads((src.parent / "MANIFEST.d" / f"{src.stem}.json").read_text("utf-8"))
    entry = {**src_entry, "name": dst.stem, "file": dst.name, "sha256": hashlib.sha256(dst.read_bytes()).hexdigest(),
             "quantized_from": {"file": src.name, "sha256": src_entry["sha256"]},
             "quantization": f"scripts/training/quantize_recognizer.py: Conv + Relu + MaxPool static QDQ (per-channel "
                             f"7-bit int8 weights, uint8 activations, MinMax on {lines} training lines of "
                             f"{calib.name}), LSTM + MatMul "
                             f"dynamic 7-bit int8 weights (reduce_range: no int16 saturation on CPUs without "
                             f"VNNI); softmax output float32; CPU provider only",
             "argmax_agreement_with_float32": round(agree, 4)}
    entry.pop("metrics", None)  # the float32 file's numbers are not this file's
    if metrics is not None:
        entry["metrics"] = metrics
    man = dst.parent / "MANIFEST.d" / f"{dst.stem}.json"
    man.write_text(json.dumps(entry, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return man


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=str(MODELS / "th_rec.onnx"))
    ap.add_argument("--dst", default=str(MODELS / "th_rec_int8.onnx"))
    ap.add_argument("--calib", default=DEFAULT_CALIB, help="a training shard (scripts/synthesis/thai/dataset.py)")
    ap.add_argument("--lines", type=int, default=CALIB_LINES)
    ap.add_argument("--metrics", default="", help="eval_recognizer.py JSON of the int8 model for its manifest entry")
    args = ap.parse_args()
    src, dst, calib = Path(args.src), Path(args.dst), Path(args.calib)
    quantize(src, dst, calib, args.lines)
    agree = agreement(src, dst, calib)
    metrics = None
    if args.metrics:
        metrics = summarise(json.loads(Path(args.metrics).read_text("utf-8")), args.metrics)
    man = write_entry(src, dst, calib, args.lines, agree, metrics)
    print(f"{dst}: arg-max agreement with {src} on training lines {agree:.4f}; manifest entry {man}")


if __name__ == "__main__":
    main()
