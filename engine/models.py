"""Model files: where they live, the manifest that pins them, and ONNX sessions.

``models/MANIFEST`` is a JSON document listing every file the product loads with its
sha256, source and licence; ``models/MANIFEST.d/*.json`` holds one extra entry each
(models trained in-house). :func:`verify_models` refuses to go on if any listed file is
missing or altered: nothing is ever downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from airocr.engine.errors import ModelIntegrityError


def default_model_dir() -> Path:
    """``AIROCR_MODEL_DIR``, else the installed ``airocr.models`` package (the checkout's
    ``models/`` in an editable install)."""
    env = os.environ.get("AIROCR_MODEL_DIR")
    if env:
        return Path(env)
    from airocr.models import MODEL_DIR

    return MODEL_DIR


@dataclass(frozen=True)
class ModelEntry:
    """One manifest row."""

    name: str
    file: str
    sha256: str
    meta: Mapping[str, Any] = field(default_factory=dict)


def read_manifest(model_dir: Path) -> dict[str, ModelEntry]:
    """Parse ``MANIFEST`` (+ ``MANIFEST.d``) into entries keyed by model name."""
    manifest = model_dir / "MANIFEST"
    if not manifest.is_file():
        raise ModelIntegrityError(f"Model manifest not found: {manifest}")
    docs: list[Mapping[str, Any]] = list(json.loads(manifest.read_text("utf-8"))["files"])
    extra_dir = model_dir / "MANIFEST.d"
    if extra_dir.is_dir():
        docs.extend(json.loads(p.read_text("utf-8")) for p in sorted(extra_dir.glob("*.json")))
    entries: dict[str, ModelEntry] = {}
    for doc in docs:
        name = str(doc.get("name") or Path(str(doc["file"])).stem)
        entries[name] = ModelEntry(name=name, file=str(doc["file"]), sha256=str(doc["sha256"]), meta=doc)
    return entries


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_models(model_dir: Path, required: Iterable[str] | None = None) -> dict[str, ModelEntry]:
    """Check every manifest file's hash; raise :class:`ModelIntegrityError` with all problems."""
    entries = read_manifest(model_dir)
    problems: list[str] = []
    for name in required or ():
        if name not in entries:
            problems.append(f"{name}: not listed in {model_dir / 'MANIFEST'}")
    for entry in entries.values():
        path = model_dir / entry.file
        if not path.is_file():
            problems.append(f"{entry.file}: missing")
        elif sha256_of(path) != entry.sha256:
            problems.append(f"{entry.file}: sha256 differs from the manifest (file altered)")
    if problems:
        raise ModelIntegrityError(
            "Model check failed in " + str(model_dir) + ":\n  " + "\n  ".join(problems)
            + "\nReinstall the package or run scripts/fetch_models.py."
        )
    return entries


@dataclass(frozen=True)
class RuntimeOptions:
    """How ONNX sessions are created (threads, execution provider)."""

    intra_op_threads: int = 0  # 0 = onnxruntime decides (all cores)
    use_gpu: bool | None = None  # None = CUDA when the provider is present
    int8: bool | None = None  # None = a model's int8 variant where one is shipped, unless CUDA runs it
    # onnxruntime's worker threads spin-wait after each run by default. A request here is many short
    # runs with numpy/OpenCV work between them on the same few cores, where the spinning threads
    # only take CPU from that work (ID card, 2 cores: each read ~4-8 % faster without it).
    spin_wait: bool = False
    # onnxruntime's CPU arena keeps the largest activations any run needed (hundreds of MB after one
    # 8192 px image or a page of long lines) for the life of the process; without it each run's
    # buffers go back to the allocator and the OS (measured: docs/tuning/memory.md).
    cpu_arena: bool = False

    def cuda(self) -> bool:
        """True when sessions created with these options run on the CUDA provider."""
        if self.use_gpu is False:
            return False
        import onnxruntime as ort

        return "CUDAExecutionProvider" in ort.get_available_providers()

    def wants_int8(self) -> bool:
        """Whether to load a model's int8 variant (its kernels are CPU-only; CUDA keeps float32)."""
        return self.int8 if self.int8 is not None else not self.cuda()


def create_session(path: Path, options: RuntimeOptions | None = None):  # -> ort.InferenceSession
    """Create one onnxruntime session; callers keep and reuse it."""
    import onnxruntime as ort

    options = options or RuntimeOptions()
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if options.intra_op_threads > 0:
        so.intra_op_num_threads = options.intra_op_threads
    so.inter_op_num_threads = 1
    if not options.spin_wait:
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.log_severity_level = 3
    so.enable_cpu_mem_arena = options.cpu_arena
    providers = ["CPUExecutionProvider"]
    if options.cuda():
        providers.insert(0, "CUDAExecutionProvider")
    return ort.InferenceSession(str(path), sess_options=so, providers=providers)


def read_dictionary(path: Path) -> list[str]:
    """One character per line, UTF-8; a trailing newline does not add an entry."""
    return path.read_text("utf-8").rstrip("\n").split("\n")
