"""Cards whose address abbreviates its lane and road (ซ. ซอย, ถ. ถนน), as real cards usually do: the
Thai recognizer reads ซ as ช and ถ as ต, and the reader takes ซ / ถ where its own alternatives for the
row offer them and the address grammar puts a lane or road (engine/thaiid/fields/lane_road.py)."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import cv2
import pytest

from airocr.engine.thaiid.reader import ThaiIdReader, thai_recognizer_available
from scripts.synthesis.thai.thai_text import TUNED_ADDRESS_STYLES
from scripts.synthesis.thaiid.card import render_card

REAL_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "real-dev"
pytestmark = pytest.mark.skipif(not thai_recognizer_available(), reason="th_rec is not in the model manifest")


@pytest.fixture(scope="module")
def reader(pipeline) -> ThaiIdReader:
    return ThaiIdReader.from_model_dir(pipeline=pipeline)


# (seed of a canonical card printed in a tuned style in Norasi, a Debian family every machine has, the
# abbreviation its address is misread with)
CASES = [(300, "ช.รามคำแหง"), (301, "ต.รามคำแหง"), (309, "อ.เจริญกรุง")]


@pytest.mark.parametrize("seed,misread", CASES)
def test_an_abbreviated_lane_or_road_is_read_from_the_recognizers_alternatives(reader, seed: int,
                                                                               misread: str) -> None:
    rc = render_card(seed, "front", families=("Norasi",), address_styles=TUNED_ADDRESS_STYLES)
    want = rc.truth.fields["address_th"]
    assert ("ซ." + misread[2:] in want) or ("ถ." + misread[2:] in want)
    assert reader.assigner.read(rc.image, "front").fields["address_th"].text == want
    # without the choice the greedy reading keeps the look-alike letter (this machine's onnxruntime)
    off = copy.copy(reader.assigner)
    off.config = replace(off.config, lane_road_by_nbest=False)
    assert misread in off.read(rc.image, "front").fields["address_th"].text.split()


@pytest.mark.skipif(not (REAL_DEV / "thaiid_athaiid_render.jpg").is_file(), reason=f"{REAL_DEV} not present")
def test_the_real_render_reads_its_lane_abbreviation(reader) -> None:
    """real-dev ``thaiid_athaiid_render.jpg``: ``ซ.สุขุมวิท 1`` was returned as ``ช.สุขุมวิท 1``; the
    recognizer offers ซ at a third of ช's probability."""
    truth = next(e["truth"] for e in json.loads((REAL_DEV / "truth.json").read_text("utf-8"))
                 if e["file"] == "thaiid_athaiid_render.jpg")
    image = cv2.imread(str(REAL_DEV / "thaiid_athaiid_render.jpg"))
    assert reader.find_and_read(image)[1].fields["address_th"].text == truth["address_th"]
