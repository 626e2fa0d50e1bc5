"""The model store: one manifest check per folder, sessions shared by name, components built from it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from airocr.engine import models as models_mod
from airocr.engine.errors import ModelIntegrityError
from airocr.engine.models import ModelStore, RuntimeOptions, default_model_dir, read_manifest
from airocr.engine.thaiid.idcard_type import IdcardTypeModel, load_idcard_type_model
from airocr.engine.thaiid.reader import ThaiIdReader


def _linked_copy(src: Path, dst: Path) -> Path:
    """A models folder whose model files are links to ``src``'s (cheap) and whose JSON files are copies."""
    dst.mkdir()
    for p in src.iterdir():
        if p.is_dir():
            shutil.copytree(p, dst / p.name)
        elif p.suffix == ".onnx":
            (dst / p.name).symlink_to(p)
        else:
            shutil.copy2(p, dst / p.name)
    return dst


def test_store_hashes_a_folder_once_and_shares_sessions(tmp_path, monkeypatch):
    folder = _linked_copy(default_model_dir(), tmp_path / "models")
    hashed: list[str] = []
    real = models_mod.sha256_of
    monkeypatch.setattr(models_mod, "sha256_of", lambda p: hashed.append(p.name) or real(p))
    store = ModelStore(folder, RuntimeOptions(intra_op_threads=1))
    n_files = len(read_manifest(folder))
    assert len(hashed) == n_files
    ModelStore(folder, RuntimeOptions(intra_op_threads=1))  # a second store of the same, unchanged folder
    assert len(hashed) == n_files
    assert store.session("det") is store.session("det")
    assert store.loaded() == ["det"]


def test_store_refuses_an_unlisted_name():
    store = ModelStore()
    with pytest.raises(ModelIntegrityError, match="not listed"):
        store.path("no_such_model")


def test_reader_takes_idcard_type_from_its_own_folder(tmp_path):
    """ThaiIdReader.from_model_dir(X) types cards with X's regression, not the installed one."""
    folder = _linked_copy(default_model_dir(), tmp_path / "models")
    shipped = load_idcard_type_model()
    doc = json.loads((folder / "idcard_type.json").read_text("utf-8"))
    doc["weights"] = [[-w for w in row] for row in doc["weights"]]
    data = json.dumps(doc).encode()
    (folder / "idcard_type.json").write_bytes(data)
    entry_path = folder / "MANIFEST.d" / "idcard_type.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    entry_path.write_text(json.dumps(entry))
    reader = ThaiIdReader.from_model_dir(folder, RuntimeOptions(intra_op_threads=1))
    assert isinstance(reader.idcard_type_model, IdcardTypeModel)
    assert (reader.idcard_type_model.weights == -shipped.weights).all()


def test_sessions_choose_cuda_when_the_provider_is_present(monkeypatch, tmp_path):
    import onnxruntime as ort

    created: list[list[str]] = []

    class FakeSession:
        def __init__(self, path, sess_options=None, providers=None):
            created.append(list(providers))
            self._providers = list(providers)

        def get_providers(self):
            return self._providers

    monkeypatch.setattr(ort, "InferenceSession", FakeSession)
    monkeypatch.setattr(ort, "get_available_providers", lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert RuntimeOptions().providers() == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert RuntimeOptions(use_gpu=False).providers() == ["CPUExecutionProvider"]
    assert not RuntimeOptions().wants_int8()  # the int8 kernels are CPU-only: CUDA keeps float32
    models_mod.create_session(tmp_path / "x.onnx", RuntimeOptions())
    models_mod.create_session(tmp_path / "x.onnx", RuntimeOptions(use_gpu=False))
    assert created == [["CUDAExecutionProvider", "CPUExecutionProvider"], ["CPUExecutionProvider"]]

    monkeypatch.setattr(ort, "get_available_providers", lambda: ["CPUExecutionProvider"])
    assert RuntimeOptions().providers() == ["CPUExecutionProvider"]
    assert RuntimeOptions(use_gpu=True).providers() == ["CPUExecutionProvider"]  # asked for, but not installed


def test_store_names_the_provider_its_sessions_run_on():
    store = ModelStore(runtime=RuntimeOptions(intra_op_threads=1))
    assert store.provider() == store.runtime.providers()[0]  # before any session: the one it would use
    store.session("det")
    assert store.provider() == store.session("det").get_providers()[0]
