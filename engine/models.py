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
import threading
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


# Folders whose every file was hashed in this process, keyed by the folder and the files' sizes and
# modification times: a second component built from the same folder is not hashed again.
_VERIFIED: dict[tuple[str, tuple[tuple[str, str, int, int], ...]], dict[str, ModelEntry]] = {}
_VERIFIED_LOCK = threading.Lock()


def _fingerprint(model_dir: Path, entries: Mapping[str, ModelEntry]) -> tuple[tuple[str, str, int, int], ...] | None:
    """(file, listed sha256, size, mtime) of every listed file, or None when one is missing."""
    out = []
    for entry in entries.values():
        try:
            st = (model_dir / entry.file).stat()
        except OSError:
            return None
        out.append((entry.file, entry.sha256, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def verify_models(model_dir: Path, required: Iterable[str] | None = None) -> dict[str, ModelEntry]:
    """Check every manifest file's hash; raise :class:`ModelIntegrityError` with all problems.

    A folder is hashed once per process: later calls only check that no file's size or
    modification time changed since (then it is hashed again)."""
    entries = read_manifest(model_dir)
    missing = [name for name in required or () if name not in entries]
    fingerprint = _fingerprint(model_dir, entries)
    key = (str(model_dir.resolve()), fingerprint) if fingerprint is not None else None
    if not missing and key is not None:
        with _VERIFIED_LOCK:
            if key in _VERIFIED:
                return dict(_VERIFIED[key])
    problems = [f"{name}: not listed in {model_dir / 'MANIFEST'}" for name in missing]
    for entry in entries.values():
        path = model_dir / entry.file
        if not path.is_file():
            problems.append(f"{entry.file}: missing")
        elif sha256_of(path) != entry.sha256:
            problems.append(f"{entry.file}: sha256 differs from the manifest (file altered)")
    if problems:
        raise ModelIntegrityError(
            "Model check failed in " + str(model_dir) + ":\n  " + "\n  ".join(problems)
            + "\nReinstall the package or run python -m scripts.data.fetch_models."
        )
    if key is not None:
        with _VERIFIED_LOCK:
            _VERIFIED[key] = dict(entries)
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

    def providers(self) -> list[str]:
        """The execution providers sessions are created with, preferred first (CUDA when chosen)."""
        return ["CUDAExecutionProvider", "CPUExecutionProvider"] if self.cuda() else ["CPUExecutionProvider"]

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
    return ort.InferenceSession(str(path), sess_options=so, providers=options.providers())


def read_dictionary(path: Path) -> list[str]:
    """One character per line, UTF-8; a trailing newline does not add an entry."""
    return path.read_text("utf-8").rstrip("\n").split("\n")


class ModelStore:
    """The models of one folder, checked against the manifest once, handed out by manifest name.

    Every component (the Web Image pipeline, the font classifier, the Thai recognizer, the ID card
    reader) is built from a store, so a folder is hashed once and each ONNX session is created once
    and shared, whoever asks for it.
    """

    def __init__(self, model_dir: Path | None = None, runtime: RuntimeOptions | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.runtime = runtime or RuntimeOptions()
        self.entries: dict[str, ModelEntry] = verify_models(self.model_dir)
        self._sessions: dict[str, Any] = {}
        self._lock = threading.Lock()

    def has(self, name: str) -> bool:
        """Whether the manifest lists ``name`` (its file was checked with the rest)."""
        return name in self.entries

    def entry(self, name: str) -> ModelEntry:
        try:
            return self.entries[name]
        except KeyError:
            raise ModelIntegrityError(f"{name}: not listed in {self.model_dir / 'MANIFEST'}") from None

    def path(self, name: str) -> Path:
        """The file of the manifest entry ``name``."""
        return self.model_dir / self.entry(name).file

    def session(self, name: str):  # -> ort.InferenceSession
        """The ONNX session of ``name``, created on first use with the store's runtime options."""
        with self._lock:
            if name not in self._sessions:
                self._sessions[name] = create_session(self.path(name), self.runtime)
            return self._sessions[name]

    def lines(self, name: str) -> list[str]:
        """A dictionary or class list: one entry per line (see :func:`read_dictionary`)."""
        return read_dictionary(self.path(name))

    def json(self, name: str) -> Any:
        """A JSON model file, parsed."""
        return json.loads(self.path(name).read_text("utf-8"))

    def loaded(self) -> list[str]:
        """Names of the sessions created so far."""
        with self._lock:
            return sorted(self._sessions)

    def provider(self) -> str:
        """The execution provider the sessions run on: the first one each created session uses
        (``CUDAExecutionProvider`` when onnxruntime placed the model on the GPU), else the one
        sessions would be created with."""
        with self._lock:
            used = {s.get_providers()[0] for s in self._sessions.values()}
        if len(used) == 1:
            return used.pop()
        return "CUDAExecutionProvider" if "CUDAExecutionProvider" in used else self.runtime.providers()[0]
