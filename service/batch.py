"""Batch OCR from the command line: files, folders and globs in, the API's JSON out.

``airocr web-image`` and ``airocr thai-id-card`` read images as the HTTP routes do (same request
parsing, limits, errors and result shaping), without a server. One input file prints the API's
response body; a batch (several files, a folder or a glob) prints JSON Lines, one object per file
with its path, in input order. A file that fails is reported in its line (``error_code``,
``error_msg``) and the batch goes on.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from airocr.engine.errors import EngineError
from airocr.engine.imageio import decode_image
from airocr.engine.limits import ImageLimits
from airocr.service.errors import ApiError, from_engine_error

# Image file endings a folder is searched for (both routes' formats; the route's own check decides).
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".tga", ".webp", ".ico", ".pcx",
                            ".gif"})

# One request: the decoded image -> the API's ``result`` object (raises ApiError / EngineError).
Job = Callable[[Any], dict[str, Any]]


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files as given, folders as the image files below them (sorted), globs expanded (sorted).

    A name that is neither an existing path nor a glob matching something is kept, so that it is
    reported as a failed file instead of disappearing from the batch.
    """
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES))
        elif path.exists():
            out.append(path)
        elif glob.has_magic(item):
            out.extend(sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file()))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def is_batch(items: list[str], paths: list[Path]) -> bool:
    """JSON Lines unless exactly one plain file was named."""
    return len(paths) != 1 or len(items) != 1 or Path(items[0]).is_dir() or glob.has_magic(items[0])


@dataclass(frozen=True)
class BatchRunner:
    """Runs one route's job over files, ``jobs`` at a time, in input order."""

    job: Job
    limits: ImageLimits
    jobs: int = 1

    def one(self, path: Path) -> dict[str, Any]:
        """The API's response body for one file (``{"result": ...}`` or its error)."""
        try:
            blob = path.read_bytes()
        except OSError as exc:
            return {"error_code": "AIS.0101", "error_msg": f"cannot read {path}: {exc.strerror or exc}"}
        try:
            return {"result": self.job(decode_image(blob, self.limits))}
        except EngineError as exc:
            return from_engine_error(exc).body()
        except ApiError as exc:
            return exc.body()

    def run(self, paths: list[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
        if self.jobs <= 1:
            yield from ((p, self.one(p)) for p in paths)
            return
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            yield from zip(paths, pool.map(self.one, paths), strict=True)


def write_results(runner: BatchRunner, items: list[str], compact: bool, progress: bool,
                  out: TextIO | None = None) -> int:
    """Run the batch and print it (to ``out``, default stdout); exit status 1 when any file failed."""
    out = out or sys.stdout
    paths = expand_inputs(items)
    if not paths:
        print(json.dumps({"error_code": "AIS.0101", "error_msg": "no input files"}), file=out)
        return 1
    batch = is_batch(items, paths)
    results = runner.run(paths)
    if batch and progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(paths), unit="image", file=sys.stderr)
    status = 0
    for path, body in results:
        status |= int("error_code" in body)
        if batch:
            print(json.dumps({"file": str(path), **body}, ensure_ascii=False), file=out, flush=True)
        else:
            print(json.dumps(body, ensure_ascii=False, indent=None if compact else 2), file=out)
    return status
