"""Model files shipped with airocr (installed as the ``airocr.models`` package)."""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
