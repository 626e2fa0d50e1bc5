"""``airocr web-image`` / ``airocr thai-id-card`` over files, folders and globs."""

from __future__ import annotations

import json

import cv2
from PIL import Image

from airocr.service.batch import expand_inputs
from airocr.service.cli import main
from scripts.synthesis.thaiid.scene import make_scene
from tests.rendering import DEJAVU, render_lines


def _page(path, text: str) -> None:
    image, _ = render_lines([(text, DEJAVU, 32)], size=(420, 100))
    Image.fromarray(image[:, :, ::-1]).save(path)


def test_expand_inputs_reads_folders_and_globs_and_keeps_missing_names(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.png", "a.jpg", "sub/c.webp", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert expand_inputs([str(tmp_path)]) == [tmp_path / "a.jpg", tmp_path / "b.png", tmp_path / "sub" / "c.webp"]
    assert expand_inputs([str(tmp_path / "*.png"), str(tmp_path / "gone.png")]) == [tmp_path / "b.png",
                                                                                     tmp_path / "gone.png"]


def test_web_image_folder_is_json_lines_and_a_bad_file_does_not_stop_the_batch(tmp_path, capsys):
    _page(tmp_path / "1.png", "Hello World 2024")
    Image.new("RGB", (8, 8)).save(tmp_path / "2_tiny.png")
    _page(tmp_path / "3.png", "Opening hours")
    status = main(["web-image", str(tmp_path), "--jobs", "2", "--extract-type", "image_size", "--no-progress"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [line["file"] for line in lines] == [str(tmp_path / n) for n in ("1.png", "2_tiny.png", "3.png")]
    assert lines[0]["result"]["words_block_list"][0]["words"] == "Hello World 2024"
    assert lines[1]["error_code"] == "AIS.0103"
    assert lines[2]["result"]["extracted_data"]["image_size"] == {"height": 100, "width": 420}


def test_thai_id_card_command_prints_the_api_json(tmp_path, capsys):
    scene = make_scene(9004, side="front", idcard_type="normal", card_px=(700, 800))
    path = tmp_path / "card.jpg"
    cv2.imwrite(str(path), scene.image)
    assert main(["thai-id-card", str(path), "--text-location"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert result["side"] == scene.card.truth.side == "front"
    assert result["id_number"] == scene.card.truth.fields["id_number"]
    assert set(result["text_location"]) == set(result["confidence"])
