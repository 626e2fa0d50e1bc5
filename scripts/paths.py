"""Where the checkout's folders are, for tools that read or write them whatever the working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout root (holds engine/, models/, scripts/)
MODELS = ROOT / "models"  # the shipped model files and their MANIFEST
DATA = ROOT / "data"  # git-ignored: rendered shards, fetched fonts, training runs
RUNS = DATA / "runs"  # one folder per training run: checkpoints, train_log.csv, eval JSON
