"""The installed package: one ``airocr`` namespace, and a container that does not run as root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_only_the_airocr_namespace_is_installed(tmp_path):
    """Outside the checkout, ``engine`` and ``service`` are not importable; ``airocr.*`` is."""
    for name in ("engine", "service", "airocr_models"):
        proc = _python(f"import {name}", tmp_path)
        assert proc.returncode != 0 and "ModuleNotFoundError" in proc.stderr, name
    proc = _python("import airocr.engine, airocr.service.app, airocr.models as m; print(m.MODEL_DIR)", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (Path(proc.stdout.strip()) / "MANIFEST").is_file()


def test_dockerfile_runs_as_a_non_root_user_with_a_healthcheck():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any("verify_models" in line for line in lines)  # models inside, checked at build time


def test_every_subpackage_is_listed_for_the_wheel():
    """pyproject lists packages by hand (the folders map into the airocr namespace): a new subpackage
    missing there would be absent from a non-editable install."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    for folder, prefix in (("engine", "airocr.engine"), ("service", "airocr.service"), ("models", "airocr.models")):
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
            assert ".".join((prefix, *rel)) in listed, init
