"""Export a training checkpoint to ONNX (softmax inside, dynamic batch and width) + dictionary.

    python -m scripts.training.export_recognizer --ckpt data/runs/thai_rec_m/best.pt \
        --metrics data/runs/thai_rec_m/eval.json

Writes ``models/th_rec.onnx``, ``models/th_rec_dict.txt`` and ``models/MANIFEST.d/th_rec.json``;
checks that onnxruntime and torch agree on a random batch before writing the manifest.  Then
writes the int8 variant the engine runs on CPU (``th_rec_int8.onnx`` and its entry, see
``scripts/training/quantize_recognizer.py``) unless ``--no-int8``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from scripts.synthesis.thai import fonts
from scripts.synthesis.thai.charset import classes, write_dict
from scripts.training.eval_summary import summarise
from scripts.training.quantize_recognizer import CALIB_LINES, DEFAULT_CALIB, agreement, quantize, write_entry
from scripts.training.rec_model import WIDTH_STRIDE, WithSoftmax, arch_height, build

MODELS = Path("models")
LICENCES = {
    "fonts": "fonts-thai-tlwg (GPL-2 with font exception), fonts-arundina (Bitstream Vera-style), "
             "fonts-noto-core/-extra/-ui-core (OFL-1.1), PyPI fontpkg-kanit 2.0 / fontpkg-sarabun 1.0 "
             "(OFL-1.1), PyPI odoo-addon-l10n-th-fonts 18.0.1.0.0.2 SIPA national TH fonts (free use), "
             "npm @fontsource/* and @ibm/plex-sans-thai* (OFL-1.1; scripts/data/fetch_fonts.py); "
             "fonts are used only to render training images and are not shipped",
    "text": "scripts/synthesis/thai/data: geothai 3.2.1 gazetteer (CC-BY-4.0, GeoThai/data, DOPA); pythainlp 5.4.0 "
            "corpus words (CC0-1.0) and Thai names corpus by K. Wannapat (CC-BY-SA-4.0)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", default="data/runs/thai_rec_m/best.pt")
    ap.add_argument("--out", default=str(MODELS / "th_rec.onnx"))
    ap.add_argument("--metrics", default="", help="JSON from scripts.training.eval_recognizer to put in the manifest")
    ap.add_argument("--int8-metrics", default="", help="the same for the int8 variant")
    ap.add_argument("--calib", default=DEFAULT_CALIB, help="training shard whose lines calibrate the int8 variant")
    ap.add_argument("--no-int8", action="store_true", help="float32 only")
    args = ap.parse_args()

    chars = classes()
    ck = torch.load(args.ckpt, map_location="cpu")
    model = build(len(chars), ck["arch"])
    model.load_state_dict(ck["model"])
    model.eval()
    wrapped = WithSoftmax(model).eval()
    run_dir = Path(args.ckpt).parent
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    height = arch_height(ck["arch"])
    dummy = torch.randn(2, 3, height, 160)
    torch.onnx.export(wrapped, dummy, str(out), input_names=["x"], output_names=["softmax"],
                      dynamic_axes={"x": {0: "batch", 3: "width"}, "softmax": {0: "batch", 1: "steps"}},
                      opset_version=17, dynamo=False)
    dict_path = out.with_name("th_rec_dict.txt")
    write_dict(dict_path)

    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(0).uniform(-1, 1, (3, 3, height, 264)).astype(np.float32)
    with torch.no_grad():
        ref = wrapped(torch.from_numpy(x)).numpy()
    got = sess.run(None, {"x": x})[0]
    assert got.shape == ref.shape == (3, 264 // WIDTH_STRIDE, len(chars)), got.shape
    assert np.abs(got - ref).max() < 1e-4, np.abs(got - ref).max()

    metrics = summarise(json.loads(Path(args.metrics).read_text("utf-8")), args.metrics) if args.metrics else {}
    entry = {
        "name": "th_rec",
        "file": out.name,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "source": "trained in-house",
        "model": f"Thai + Latin CTC text-line recognizer ({ck['arch']}: CNN + BiLSTM), "
                 f"{sum(p.numel() for p in model.parameters())} parameters",
        "script": "scripts/training/train_recognizer.py (data: scripts/synthesis/thai/dataset.py; "
                  "export: scripts/training/export_recognizer.py)",
        "data_seed": ck.get("seed"),
        "training_command": f"python -m scripts.training.train_recognizer --arch {ck['arch']} --out {run_dir} "
                            f"(fonts, data shards, warm start and schedule: docs/experiments/{run_dir.name}.md)",
        "checkpoint": [{"file": f"{args.ckpt} (step {ck['step']})", "arch": ck["arch"], "step": ck["step"],
                        "samples_seen": ck["samples"]}],
        "train_fonts": fonts.train_families(),
        "heldout_fonts": fonts.heldout_families(),
        "metrics": metrics,
        "licence": "Apache-2.0 (model); training data: " + LICENCES["fonts"] + "; " + LICENCES["text"],
        "input": f"x: float32 [N,3,{height},W] (W dynamic, any; right-pad with 0); BGR; (px/255-0.5)/0.5",
        "output": f"softmax [N,W/{WIDTH_STRIDE},{len(chars)}]; class 0 = CTC blank, 1..{len(chars) - 2} = "
                  f"dictionary lines, {len(chars) - 1} = space",
        "dictionary": dict_path.name,
        "colour_order": "BGR",
        "height": height,
        "width_stride": WIDTH_STRIDE,
        "normalisation": "NFC (never NFKC)",
    }
    man = out.parent / "MANIFEST.d" / "th_rec.json"
    man.parent.mkdir(exist_ok=True)
    man.write_text(json.dumps(entry, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps({k: entry[k] for k in ("file", "sha256", "checkpoint")}, indent=1))
    if not args.no_int8:
        int8 = out.with_name(f"{out.stem}_int8.onnx")
        quantize(out, int8, Path(args.calib))
        agree = agreement(out, int8, Path(args.calib))
        m8 = (summarise(json.loads(Path(args.int8_metrics).read_text("utf-8")), args.int8_metrics)
              if args.int8_metrics else None)
        print(f"{write_entry(out, int8, Path(args.calib), CALIB_LINES, agree, m8)}: arg-max agreement {agree:.4f}")


if __name__ == "__main__":
    main()
