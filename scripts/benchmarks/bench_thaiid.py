"""Benchmark of the Thai ID card geometry stage on synthetic scenes.

    python -m scripts.benchmarks.bench_thaiid --n 40 --seed 5000

For each condition it renders N scenes (front/back, normal/pink, any angle; 60 % normal, 20 % copy,
20 % screen) with the cards printed in the Thai recognizer's held-out fonts, and reports:
card-found rate, quad IoU (mean, ≥ 0.9 rate),
rotation (corner order) accuracy, side accuracy, idcard_type accuracy, card type (normal/pink,
with a field reader: ``card_type`` on fronts, as the API returns it; ``card_type_back`` the
reader's colour-only guess on backs, which the API does not return), portrait IoU ≥ 0.8 rate
(fronts), latency p50 / p95 of the engine work a request does (find + portrait + idcard_type +
field reading, unless ``--no-fields``), and the false-card rate on card-free clutter (with a field
reader, as the API answers: a found front none of whose fields parses is no card, see
:meth:`engine.thaiid.reader.ThaiIdReader.read_card`).

Per-field exact match: :func:`run` takes a field reader (``read_fields(image) -> (card result,
dict[str, (text, quad in image pixels, confidence)], card type, layout registration)``: it finds
the card and reads it, as a request does); ``main`` wires
:meth:`engine.thaiid.reader.ThaiIdReader.find_and_read` (``--no-fields`` skips it and the bench
times the finder alone). A field counts as a hit
only when the read value equals the generator's value exactly; a card that was not found counts
as a miss for all its fields. ``text_location`` IoU compares each returned field quad with where
the generator printed it.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from airocr.engine.errors import NoTextFound
from airocr.engine.models import RuntimeOptions
from airocr.engine.pipeline import WebImagePipeline
from airocr.engine.thaiid.card import CardFinder, CardResult, find_portrait, quad_iou
from airocr.engine.thaiid.idcard_type import classify_idcard_type
from scripts.synthesis.thai import fonts
from scripts.synthesis.thai import thai_text as tt
from scripts.synthesis.thaiid.a4 import make_a4_scene
from scripts.synthesis.thaiid.scene import make_scene, no_card_scene

# photo -> (the card as found and read, fields: name -> (text, quad in image pixels, confidence),
#  card type "normal"/"pink" or None, layout registration 2×3 affine or None)
FieldReader = Callable[[np.ndarray, str | None], tuple[CardResult, dict[str, tuple[str, np.ndarray, float]], str | None,
                                           np.ndarray | None]]

# Conditions: (photometric/geometric degradation, card width range in image pixels).
# ``clean`` and ``hard`` are eKYC-style captures (the card 640-1000 px wide, ~7.5-12 px/mm);
# ``hard`` adds the darkness, glare, blur, noise, heavy JPEG and clutter, the blur kept
# legible to a person (sigma 0.6-1.4 px at a card 800 px wide); ``extreme`` is ``hard`` with the
# blur this bench used first (sigma 1.0-2.5 px whatever the card's size: the small Thai marks are
# gone, see its per-degradation line); ``small`` is a clean scene with a low-resolution card
# (360-640 px wide, 8-9 px Thai text), beyond the spec.
CONDITIONS: dict[str, tuple[bool, tuple[float, float], tuple[float, float] | None]] = {
    "clean": (False, (640, 1000), None),
    "hard": (True, (640, 1000), None),
    "extreme": (True, (640, 1000), (1.0, 2.5)),
    "small": (False, (360, 640), None),
    "back_tuned": (False, (640, 1000), None),
    "back_heldout": (False, (640, 1000), None),
    "back_hard_tuned": (True, (640, 1000), None),
    "back_hard_heldout": (True, (640, 1000), None),
    "a4_tuned": (False, (640, 1000), None),
    "a4_heldout": (False, (640, 1000), None),
    "a4_hard_tuned": (True, (640, 1000), None),
    "a4_colour_tuned": (False, (640, 1000), None),
    "a4_colour_hard_tuned": (True, (640, 1000), None),
    "front_tuned": (False, (640, 1000), None),
    "front_heldout": (False, (640, 1000), None),
    "front_hard_tuned": (True, (640, 1000), None),
    "front_hard_heldout": (True, (640, 1000), None),
    "front_loose_tuned": (False, (640, 1000), None),
    "front_loose_hard_tuned": (True, (640, 1000), None),
    "abbr_tuned": (False, (640, 1000), None),
    "abbr_heldout": (False, (640, 1000), None),
    "abbr_hard_tuned": (True, (640, 1000), None),
    "abbr_hard_heldout": (True, (640, 1000), None),
    "alley_tuned": (False, (640, 1000), None),
    "alley_hard_tuned": (True, (640, 1000), None),
    "abbr2_tuned": (False, (640, 1000), None),
    "abbr2_hard_tuned": (True, (640, 1000), None),
}
# Variant families (scripts/synthesis/thaiid/back.py): the real back's printing variants, the tuned one
# and the held-out one (decided before the finder and reader were changed), as extra scene arguments.
SCENE_ARGS: dict[str, dict] = {
    "back_tuned": {"side": "back", "back_style": "real_plain"},
    "back_heldout": {"side": "back", "back_style": "real_holo"},
    "back_hard_tuned": {"side": "back", "back_style": "real_plain"},
    "back_hard_heldout": {"side": "back", "back_style": "real_holo"},
    # A4 photocopies (scripts/synthesis/thaiid/a4.py): odd seeds with both sides on the page ask for the
    # back (``side=back``), the others ask for nothing and expect the front (or the page's only card).
    "a4_tuned": {"a4": "a4_grey"},
    "a4_hard_tuned": {"a4": "a4_grey"},
    "a4_heldout": {"a4": "a4_tinted"},
    "a4_colour_tuned": {"a4": "a4_colour"},
    "a4_colour_hard_tuned": {"a4": "a4_colour"},
    # Fronts printed as real cards are (scripts/synthesis/thaiid/front.py): the facts table's layout with
    # realistic jitter (tuned) and the mock cards' moved rows and titles (held out).
    "front_tuned": {"side": "front", "front_style": "real"},
    "front_heldout": {"side": "front", "front_style": "mock"},
    "front_hard_tuned": {"side": "front", "front_style": "real"},
    "front_hard_heldout": {"side": "front", "front_style": "mock"},
    "front_loose_tuned": {"side": "front", "front_style": "real_loose"},
    "front_loose_hard_tuned": {"side": "front", "front_style": "real_loose"},
    # Fronts whose address prints its lane and road abbreviated, ซ. and ถ. (thai_text.ADDRESS_STYLES): the
    # tuned styles with the tuned names, and the held-out styles with held-out road names.
    "abbr_tuned": {"side": "front", "address_styles": tt.TUNED_ADDRESS_STYLES},
    "abbr_heldout": {"side": "front", "address_styles": tt.HELDOUT_ADDRESS_STYLES, "heldout_names": True},
    "abbr_hard_tuned": {"side": "front", "address_styles": tt.TUNED_ADDRESS_STYLES},
    "abbr_hard_heldout": {"side": "front", "address_styles": tt.HELDOUT_ADDRESS_STYLES, "heldout_names": True},
    # Fronts whose address starts with an alley (ตรอก), words in full, tuned names.
    "alley_tuned": {"side": "front", "address_styles": tt.TUNED_ALLEY_STYLES},
    "alley_hard_tuned": {"side": "front", "address_styles": tt.TUNED_ALLEY_STYLES},
    # Fronts printing ซ. / ถ. glued and spaced, with a second list of tuned road names.
    "abbr2_tuned": {"side": "front", "address_styles": tt.TUNED_ADDRESS_STYLES_2},
    "abbr2_hard_tuned": {"side": "front", "address_styles": tt.TUNED_ADDRESS_STYLES_2},
}


def _corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.linalg.norm(found - truth, axis=1).max() / np.linalg.norm(truth[1] - truth[0]))


def _confidence_report(right: list[float], wrong: list[float]) -> str:
    """Mean confidence of right and wrong returned fields, and the AUC (the chance that a random
    right field is more confident than a random wrong one: 0.5 = confidence says nothing)."""
    if not right or not wrong:
        return f"right n={len(right)} wrong n={len(wrong)}"
    r, w = np.array(right)[:, None], np.array(wrong)[None, :]
    auc = float(((r > w).sum() + 0.5 * (r == w).sum()) / (r.size * w.size))
    return (f"right mean {np.mean(right):.3f} (n={len(right)})  wrong mean {np.mean(wrong):.3f} "
            f"(n={len(wrong)})  AUC {auc:.3f}")


def run(finder: CardFinder, n: int, seed: int, hard: bool, read_fields: FieldReader | None = None,
        show_misses: bool = False, card_px: tuple[float, float] = CONDITIONS["clean"][1],
        blur_px: tuple[float, float] | None = None, no_card: int | None = None,
        scene_args: dict | None = None) -> dict:
    """Evaluate ``n`` scenes and ``no_card`` card-free clutter scenes (default ``max(4, n // 5)``);
    returns the metric dict (and per-field exact-match if a reader is given). ``scene_args``: extra
    :func:`make_scene` arguments (a variant family, see :data:`SCENE_ARGS`)."""
    m: dict[str, list] = defaultdict(list)
    field_hits: dict[str, list[bool]] = defaultdict(list)
    found_hits: dict[str, list[bool]] = defaultdict(list)  # only cards the geometry stage found
    by_degradation: dict[str, list[bool]] = defaultdict(list)  # all fields, per main photometric degradation
    by_family: dict[str, list[bool]] = defaultdict(list)  # all fields, per font family the card is printed in
    conf_right: list[float] = []  # confidence of the returned fields that are right / wrong
    conf_wrong: list[float] = []
    for i in range(n):
        k = seed + i
        typ = ("normal", "normal", "normal", "copy", "screen")[k % 5]
        ask = None
        if scene_args and "a4" in scene_args:
            pages = make_a4_scene(k, scene_args["a4"], hard)
            ask = "back" if k % 2 and len(pages) > 1 else None
            s = pages[1] if ask else pages[0]
            typ = s.idcard_type
        else:
            s = make_scene(k, idcard_type=typ, hard=hard, card_px=card_px, blur_px=blur_px, **(scene_args or {}))
        t0 = time.perf_counter()
        try:
            # the reader confirms the card by its fields' grammar (as the API does), and may place it
            # again from its text
            res, read, card_type, fit = (read_fields(s.image, ask) if read_fields is not None
                                         else (finder.find(s.image, ask), None, None, None))
        except NoTextFound:
            m["found"].append(False)
            for name in s.card.truth.fields:
                field_hits[name].append(False)
                by_degradation[s.degradation].append(False)
                by_family[s.card.family].append(False)
            continue
        pred_type = classify_idcard_type(res.card, s.image, quad=res.quad)
        por = find_portrait(res, s.image, fit) if res.side == "front" else None
        got = {name: text for name, (text, _, _) in read.items()} if read is not None else None
        m["latency"].append(time.perf_counter() - t0)  # the whole request's engine work
        m["found"].append(True)
        iou = quad_iou(res.quad, s.card_quad)
        m["iou"].append(iou)
        m["rot_ok"].append(_corner_error(res.quad, s.card_quad) < 0.08)
        m["side_ok"].append(res.side == s.side)
        m["type_ok"].append(pred_type == typ)
        if s.portrait_quad is not None:
            m["portrait_ok"].append(por is not None and quad_iou(por.quad_image, s.portrait_quad) >= 0.8)
        if read is not None:
            if s.side == "front":  # the API returns ``type`` with a front only
                m["card_type_ok"].append(res.side == "front" and card_type == s.card_type)
            else:
                m["card_type_back_ok"].append(card_type == s.card_type)
            m["loc_iou"] += [quad_iou(q, s.field_quads[name]) for name, (_, q, _) in read.items()
                             if name in s.field_quads]
            for name, (text, _, conf) in read.items():
                if name in s.card.truth.fields:
                    (conf_right if text == s.card.truth.fields[name] else conf_wrong).append(conf)
            for name, want in s.card.truth.fields.items():
                field_hits[name].append(got.get(name) == want)
                found_hits[name].append(got.get(name) == want)
                by_degradation[s.degradation].append(got.get(name) == want)
                by_family[s.card.family].append(got.get(name) == want)
                if show_misses and got.get(name) != want:
                    print(f"  miss seed={k} {name}: want {want!r} got {got.get(name)!r}")
    neg = 0
    no_card = max(4, n // 5) if no_card is None else no_card
    for i in range(no_card):
        try:
            img = no_card_scene(seed + 100000 + i)
            if read_fields is not None:
                read_fields(img, None)
            else:
                finder.find(img)
            neg += 1
        except NoTextFound:
            pass
    out = {
        "n": n,
        "found": float(np.mean(m["found"])),
        "iou_mean": float(np.mean(m["iou"])) if m["iou"] else 0.0,
        "iou>=0.9": float(np.mean(np.array(m["iou"]) >= 0.9)) if m["iou"] else 0.0,
        "rotation": float(np.mean(m["rot_ok"])) if m["rot_ok"] else 0.0,
        "side": float(np.mean(m["side_ok"])) if m["side_ok"] else 0.0,
        "idcard_type": float(np.mean(m["type_ok"])) if m["type_ok"] else 0.0,
        "card_type": float(np.mean(m["card_type_ok"])) if m["card_type_ok"] else 0.0,
        "card_type_back": float(np.mean(m["card_type_back_ok"])) if m["card_type_back_ok"] else 0.0,
        "portrait_iou>=0.8": float(np.mean(m["portrait_ok"])) if m["portrait_ok"] else 0.0,
        "latency_p50_ms": float(np.percentile(m["latency"], 50) * 1000) if m["latency"] else 0.0,
        "latency_p95_ms": float(np.percentile(m["latency"], 95) * 1000) if m["latency"] else 0.0,
        "false_card_rate": neg / max(no_card, 1),
        "no_card_scenes": no_card,
        "text_location_iou_mean": float(np.mean(m["loc_iou"])) if m["loc_iou"] else 0.0,
        "text_location_iou>=0.5": float(np.mean(np.array(m["loc_iou"]) >= 0.5)) if m["loc_iou"] else 0.0,
        "fields_exact": {k: float(np.mean(v)) for k, v in field_hits.items()} if read_fields else None,
        "fields_exact_found": {k: float(np.mean(v)) for k, v in found_hits.items()} if read_fields else None,
        "confidence": _confidence_report(conf_right, conf_wrong) if read_fields else None,
        "fields_exact_by_degradation": ({k: (float(np.mean(v)), len(v)) for k, v in sorted(by_degradation.items())}
                                        if read_fields else None),
        "fields_exact_by_family": ({k: (float(np.mean(v)), len(v)) for k, v in sorted(by_family.items())}
                                   if read_fields else None),
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conditions", default="clean,hard,extreme,small", help=f"comma list of {sorted(CONDITIONS)}")
    ap.add_argument("--no-fields", action="store_true", help="skip the per-field exact match")
    ap.add_argument("--no-card", type=int, default=None,
                    help="card-free clutter scenes for the false-card rate (default: max(4, n // 5))")
    ap.add_argument("--show-misses", action="store_true", help="print every field that was read wrong")
    ap.add_argument("--model-dir", default=None, help="models directory (default: the installed models)")
    ap.add_argument("--no-name-spelling", action="store_true",
                    help="do not check the Thai name against its Latin spelling (for a side-by-side run)")
    args = ap.parse_args()
    missing = set(fonts.HELDOUT_FAMILIES) - set(fonts.heldout_families())
    if missing:  # the cards would silently be printed in fewer fonts: not the same bench
        raise SystemExit(f"held-out font families not found: {sorted(missing)} "
                         "(python -m scripts.data.fetch_fonts; or set AIROCR_FONT_DIR)")
    runtime = RuntimeOptions(intra_op_threads=args.threads)
    model_dir = Path(args.model_dir) if args.model_dir else None
    pipe = WebImagePipeline.from_model_dir(model_dir, runtime)
    finder = CardFinder.from_pipeline(pipe)  # geometry only; with fields, the service's finder below
    read_fields: FieldReader | None = None
    if not args.no_fields:
        from airocr.engine.thaiid.reader import ThaiIdReader

        reader = ThaiIdReader.from_model_dir(model_dir, runtime, pipeline=pipe,
                                             name_by_spelling=not args.no_name_spelling)
        finder = reader.finder  # the service's finder: it checks which way up by reading

        def read_fields(image: np.ndarray, side: str | None = None) -> tuple[
                CardResult, dict[str, tuple[str, np.ndarray, float]], str | None, np.ndarray | None]:
            res, got = reader.find_and_read(image, side)
            return (res, {k: (v.text, res.to_image(v.quad), v.confidence) for k, v in got.fields.items()},
                    got.card_type, got.fit)

    for cond in args.conditions.split(","):
        hard, card_px, blur_px = CONDITIONS[cond]
        r = run(finder, args.n, args.seed, hard=hard, read_fields=read_fields, show_misses=args.show_misses,
                card_px=card_px, blur_px=blur_px, no_card=args.no_card, scene_args=SCENE_ARGS.get(cond))
        fields = r.pop("fields_exact")
        fields_found = r.pop("fields_exact_found")
        by_deg = r.pop("fields_exact_by_degradation")
        by_fam = r.pop("fields_exact_by_family")
        conf = r.pop("confidence")
        print(f"[{cond}] " + "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))
        print(f"[{cond}] per-field exact match: " + ("n/a (no field reader wired)" if fields is None else
                                                     "  ".join(f"{k}={v:.3f}" for k, v in fields.items())))
        if fields_found is not None:
            print(f"[{cond}] per-field exact match, found cards only: "
                  + "  ".join(f"{k}={v:.3f}" for k, v in fields_found.items()))
        if conf is not None:
            print(f"[{cond}] field confidence: {conf}")
        if by_deg is not None and len(by_deg) > 1:
            print(f"[{cond}] all fields' exact match by main degradation: "
                  + "  ".join(f"{k}={v:.3f} (n={c})" for k, (v, c) in by_deg.items()))
        if by_fam is not None:
            print(f"[{cond}] all fields' exact match by card font family: "
                  + "  ".join(f"{k}={v:.3f} (n={c})" for k, (v, c) in by_fam.items()))


if __name__ == "__main__":
    main()
