"""Golden outputs: record every response of a fixed set of requests, so a refactor can prove them unchanged.

    python -m scripts.benchmarks.golden_outputs make-inputs /tmp/golden/inputs   # fixed inputs, once
    python -m scripts.benchmarks.golden_outputs run /tmp/golden/inputs /tmp/golden/before.json
    ...change the code...
    python -m scripts.benchmarks.golden_outputs run /tmp/golden/inputs /tmp/golden/after.json
    python -m scripts.benchmarks.golden_outputs diff /tmp/golden/before.json /tmp/golden/after.json

The inputs: 24 synthetic Thai ID card scenes (seeds 9000-9023: normal, copy and screen cards, every
third one hard) and 2 scenes without a card, 17 synthetic web pages (seed 11), and every image of
the real development set (``../shared/real-dev/`` beside the checkout by default; ``--real-dir``),
which is read and written to the inputs folder, never into the repository. ``run`` posts each file
through the app in-process (both routes with every option on) and writes all the responses, in
one JSON that is byte-identical when nothing changed; ``diff`` lists what differs, per request.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from scripts.paths import DATA, ROOT

DEFAULT_REAL_DIR = ROOT.parent / "shared" / "real-dev"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
ID_CARD_ROUTE = "/v2/p/ocr/thailand-id-card"
WEB_IMAGE_ROUTE = "/v2/p/ocr/web-image"
ID_CARD_OPTIONS = {"return_portrait_image": True, "return_portrait_location": True, "return_idcard_type": True,
                   "return_text_location": True}
WEB_IMAGE_OPTIONS = {"detect_direction": True, "extract_type": ["contact_info", "image_size"], "detect_font": True}
MAX_LEAVES_SHOWN = 20  # differing values printed per request by ``diff``


def make_inputs(out: Path, real_dir: Path) -> int:
    """Write the synthetic inputs and copies of the real images into ``out``; return the file count."""
    from scripts.synthesis.thaiid.scene import make_scene, no_card_scene
    from scripts.synthesis.web_pages import benchmark_set

    out = out.resolve()
    if out.is_relative_to(ROOT) and not out.is_relative_to(DATA):
        raise SystemExit(f"{out} is inside the checkout: the real images must not land in the repository "
                         f"(use a folder outside it, or under the git-ignored {DATA})")
    out.mkdir(parents=True, exist_ok=True)
    for seed in range(9000, 9024):
        kind = ["normal", "normal", "copy", "screen"][seed % 4]
        scene = make_scene(seed, idcard_type=kind, hard=seed % 3 == 0, card_px=(640, 1000))
        cv2.imwrite(str(out / f"id_{seed}.jpg"), scene.image)
    for seed in range(2):
        cv2.imwrite(str(out / f"id_nocard_{seed}.jpg"), no_card_scene(seed))
    for i, page in enumerate(benchmark_set(seed=11, pages=10, tables=3, tilted=4)):
        cv2.imwrite(str(out / f"web_{i:02d}.png"), np.asarray(page.image))
    if real_dir.is_dir():
        for path in sorted(real_dir.iterdir()):
            if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                (out / f"real_{path.name}").write_bytes(path.read_bytes())
    else:
        print(f"no real images: {real_dir} is not a folder", file=sys.stderr)
    return sum(1 for _ in out.iterdir())


def request_for(name: str, image: bytes) -> tuple[str, dict]:
    """The route and body of one input's request (ID cards by their file name, the rest as web images)."""
    body = {"image": base64.b64encode(image).decode()}
    if name.startswith(("id_", "real_thaiid")):
        return ID_CARD_ROUTE, body | ID_CARD_OPTIONS
    return WEB_IMAGE_ROUTE, body | WEB_IMAGE_OPTIONS


def run(inputs: Path, out: Path) -> None:
    """Post every file of ``inputs`` through the in-process app; write ``{name: [status, body]}``."""
    from fastapi.testclient import TestClient

    from airocr.service.app import create_app

    responses = {}
    with TestClient(create_app()) as client:
        for path in sorted(inputs.iterdir()):
            route, body = request_for(path.name, path.read_bytes())
            reply = client.post(route, json=body)
            responses[path.name] = [reply.status_code, reply.json()]
            print(path.name, reply.status_code, flush=True)
    out.write_text(json.dumps(responses, ensure_ascii=False, indent=1, sort_keys=True))


def leaf_differences(a: object, b: object, where: str = "") -> Iterator[str]:
    """Each place where two JSON values differ, as ``path: a != b``."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield f"{where}/{key}: only in {'B' if key not in a else 'A'}"
            else:
                yield from leaf_differences(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from leaf_differences(x, y, f"{where}[{i}]")
    elif a != b:
        yield f"{where or '/'}: {short(a)} != {short(b)}"


def short(value: object, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."


def diff(a_path: Path, b_path: Path) -> int:
    """Print the requests whose responses differ; 1 if any does, else 0."""
    a, b = json.loads(a_path.read_text("utf-8")), json.loads(b_path.read_text("utf-8"))
    changed = 0
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"{name}: only in {'B' if name not in a else 'A'}")
            changed += 1
            continue
        found = list(leaf_differences(a[name], b[name]))
        if found:
            changed += 1
            print(f"{name}: {len(found)} difference(s)")
            for line in found[:MAX_LEAVES_SHOWN]:
                print("   ", line)
    print(f"{changed} of {len(set(a) | set(b))} requests differ" if changed else
          f"IDENTICAL: {len(a)} requests")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    mk = sub.add_parser("make-inputs", help="write the fixed inputs into DIR")
    mk.add_argument("dir", type=Path)
    mk.add_argument("--real-dir", type=Path, default=DEFAULT_REAL_DIR, help="the real images (read only)")
    rn = sub.add_parser("run", help="post every input of DIR, write all responses to OUT")
    rn.add_argument("dir", type=Path)
    rn.add_argument("out", type=Path)
    df = sub.add_parser("diff", help="per-request differences between two runs (exit 1 if any)")
    df.add_argument("a", type=Path)
    df.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.command == "make-inputs":
        print(f"{make_inputs(args.dir, args.real_dir)} files in {args.dir}")
        return 0
    if args.command == "run":
        run(args.dir, args.out)
        return 0
    return diff(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
