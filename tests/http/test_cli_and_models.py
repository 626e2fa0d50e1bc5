"""The ``airocr`` command and the model manifest check."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from airocr.engine.errors import ModelIntegrityError
from airocr.engine.models import default_model_dir, read_manifest, verify_models
from airocr.service.cli import main
from tests.rendering import DEJAVU, render_lines, to_b64

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_lists_every_model_with_provenance():
    entries = verify_models(default_model_dir())
    assert {"det", "cls", "rec", "rec_dict"} <= set(entries)
    for entry in entries.values():
        assert len(entry.sha256) == 64
        assert entry.meta.get("source") and entry.meta.get("licence"), entry.name


@pytest.fixture()
def altered_model_dir(tmp_path):
    src = default_model_dir()
    dst = tmp_path / "models"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.onnx"))
    for entry in read_manifest(src).values():
        if entry.file.endswith(".onnx"):
            (dst / entry.file).symlink_to(src / entry.file)
    det = read_manifest(src)["cls"].file
    (dst / det).unlink()
    (dst / det).write_bytes((src / det).read_bytes()[:-10] + b"0123456789")  # same size, altered
    return dst


def test_altered_model_is_refused(altered_model_dir):
    with pytest.raises(ModelIntegrityError, match="altered"):
        verify_models(altered_model_dir)


def test_missing_model_is_refused(altered_model_dir):
    rec = read_manifest(altered_model_dir)["rec"].file
    (altered_model_dir / rec).unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        verify_models(altered_model_dir)


def test_serve_refuses_to_start_with_altered_models(altered_model_dir):
    env = {**os.environ, "AIROCR_MODEL_DIR": str(altered_model_dir)}
    proc = subprocess.run([sys.executable, "-m", "airocr.service.cli", "serve", "--port", "1"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "refusing to start" in proc.stderr and "altered" in proc.stderr


def test_web_image_command_prints_the_api_json(tmp_path, capsys):
    image, _ = render_lines([("Hello World 2024", DEJAVU, 32)], size=(420, 100))
    path = tmp_path / "hello.png"
    Image.fromarray(image[:, :, ::-1]).save(path)
    assert main(["web-image", str(path), "--extract-type", "image_size"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"]["words_block_list"][0]["words"] == "Hello World 2024"
    assert out["result"]["extracted_data"]["image_size"] == {"height": 100, "width": 420}


def test_web_image_command_reports_errors_in_api_format(tmp_path, capsys):
    path = tmp_path / "tiny.png"
    Image.new("RGB", (8, 8)).save(path)
    assert main(["web-image", str(path)]) == 1
    assert json.loads(capsys.readouterr().out)["error_code"] == "AIS.0103"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_the_readme_request():
    """``airocr serve`` with embedded defaults, then the README's request shape."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIROCR_")}
    proc = subprocess.Popen([sys.executable, "-m", "airocr.service.cli", "serve", "--port", str(port)], env=env,
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("server did not start: " + (proc.stdout.read() if proc.stdout else ""))
                time.sleep(0.5)
        image, _ = render_lines([("Hello World 2024", DEJAVU, 32)], size=(420, 100))
        req = urllib.request.Request(f"http://127.0.0.1:{port}/v2/my-project/ocr/web-image",
                                     data=json.dumps({"image": to_b64(image)}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=60) as r:
            assert r.headers["X-Request-Id"]
            body = json.loads(r.read())
        assert body["result"]["words_block_list"][0]["words"] == "Hello World 2024"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_sessions_do_not_spin_wait_unless_asked():
    """Sessions are created without onnxruntime's spin-waiting worker threads (they take the cores
    from the numpy/OpenCV work between a request's many short runs); ``spin_wait=True`` keeps them."""
    from airocr.engine.models import RuntimeOptions, create_session

    path = default_model_dir() / "font_cls.onnx"
    off = create_session(path, RuntimeOptions(intra_op_threads=1, use_gpu=False)).get_session_options()
    on = create_session(path, RuntimeOptions(intra_op_threads=1, use_gpu=False, spin_wait=True)).get_session_options()
    assert off.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    with pytest.raises(RuntimeError, match="does not have configuration"):  # onnxruntime's default: spin
        on.get_session_config_entry("session.intra_op.allow_spinning")
